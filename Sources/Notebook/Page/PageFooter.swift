import LabRecords

/// The end of a page: previous/next links and the run's facts.
extension PageBuilder {
  /// Links to the previous and next lessons of the site, when there are any.
  func pager(site: Site, position: Int?) -> HTML {
    guard let position else { return HTML() }
    var links = HTML()
    if position > 0 {
      let previous = site.entries[position - 1]
      links += .element(
        "a", ["class": "prev", "rel": "prev", "href": previous.file],
        .element("span", ["class": "dir"], text: "\u{2190} Previous")
          + .text(previous.title))
    }
    if position + 1 < site.entries.count {
      let next = site.entries[position + 1]
      links += .element(
        "a", ["class": "next", "rel": "next", "href": next.file],
        .element("span", ["class": "dir"], text: "Next \u{2192}") + .text(next.title))
    }
    guard !links.markup.isEmpty else { return HTML() }
    return .element("nav", ["class": "pager", "aria-label": "Lessons"], links)
  }

  /// The appendix, folded behind "About this run": profile, toolchain, engine build, dataset,
  /// compile and run times; the run log (every cell's run time, the memoised results it
  /// computed or reused, the final state of its progress bars); and the seeds of the
  /// experiments, one row per distinct setting.
  func footer() -> HTML {
    var facts: [(String, HTML)] = [("Profile", .text(page.profile.rawValue))]
    if let run = page.facts {
      facts.append(("Swift", .text(run.swiftVersion.isEmpty ? "unknown" : run.swiftVersion)))
      facts.append(("Engine build", .element("code", [:], text: run.engineBuild)))
      facts.append(("Dataset", .element("code", [:], text: run.datasetChecksum)))
      facts.append(("Compiled with", .element("code", [:], text: run.optimized ? "-O" : "-Onone")))
      if let kernels = run.blasKernels {
        facts.append(("BLAS kernels", .text("OpenBLAS \(kernels)")))
      }
    }
    if page.run.compileSeconds > 0 {
      facts.append(("Compile time", .text(Self.duration(page.run.compileSeconds))))
    }
    if page.run.runSeconds > 0 {
      facts.append(("Run time", .text(Self.duration(page.run.runSeconds))))
    }
    let list = facts.map { HTML.element("dt", [:], text: $0.0) + .element("dd", [:], $0.1) }
    var content = HTML.element("dl", [:], .joined(list))
    content += runLog()
    content += seeds()
    return .element(
      "details", ["class": "facts", "id": "run-facts"],
      .element("summary", [:], text: "About this run") + content)
  }

  /// The run log: per cell that ran, its lines, time, memoised results and progress bars.
  ///
  /// Every `memo` call counts: one name can stand for several experiments (the same name with
  /// another seed or configuration), so a name computed or reused more than once is listed
  /// once with how many times (`computed deep-relu ×3 (31 s total)`, `stored results reused 4
  /// times: dense ×3, ticket`).
  func runLog() -> HTML {
    let timed = page.lesson.cells.filter { cell in
      guard page.run.cells.indices.contains(cell.index) else { return false }
      let output = page.run.cells[cell.index]
      return output.started
        || output.items.contains { item in
          switch item {
          case .memo, .progress: return true
          default: return false
          }
        }
    }
    guard !timed.isEmpty else { return HTML() }
    let rows = timed.map { cell -> [String] in
      let output = page.run.cells[cell.index]
      var reused = MemoTally()
      var computed = MemoTally()
      var progress: [String] = []
      for item in output.items {
        switch item {
        case .memo(let name, let hit, let seconds):
          if hit {
            reused.add(name, seconds: seconds)
          } else {
            computed.add(name, seconds: seconds)
          }
        case .progress(let label, let done, let total):
          progress.append("\(label): \(done)/\(total)")
        default:
          break
        }
      }
      var memo: [String] = []
      if computed.calls > 0 {
        memo.append(
          "computed "
            + computed.names.map { name in
              let (count, seconds) = computed.runs[name]!
              return count == 1
                ? "\(name) (\(Self.duration(seconds)))"
                : "\(name) \u{00D7}\(count) (\(Self.duration(seconds)) total)"
            }.joined(separator: ", "))
      }
      if reused.calls > 0 {
        // Calls, not results: a page keeps no entry's identity beyond its name, so the same
        // entry read twice cannot be told from two entries of one name.
        memo.append(
          (reused.calls == 1
            ? "1 stored result reused: " : "stored results reused \(reused.calls) times: ")
            + reused.names.map { name in
              let count = reused.runs[name]!.count
              return count == 1 ? name : "\(name) \u{00D7}\(count)"
            }.joined(separator: ", "))
      }
      return [
        cell.displayName, "\(cell.span.lowerBound)\u{2013}\(cell.span.upperBound)",
        output.seconds.map(Self.duration) ?? (output.error == nil ? "unfinished" : "failed"),
        (memo + progress).joined(separator: "; "),
      ]
    }
    return Self.table(
      TableRecord(
        columns: ["Cell", "Lines", "Time", "Memo and progress"], rows: rows, caption: "Run log",
        numeric: [false, false, true, false]),
      caption: "Run log")
  }

  /// Every seed setting of the experiments the page ran or loaded, once, with how many
  /// experiments used it and their names.
  ///
  /// An experiment is a name with its seeds: one name run with seeds 0, 1 and 2 (as
  /// `memo("dense-\(name)", config: c.with(seed: s))` does) is three experiments, listed under
  /// each of the three settings; the same name and seeds loaded twice count once.
  func seeds() -> HTML {
    var bySetting: [String: Set<String>] = [:]
    for cell in page.run.cells {
      for case .seeds(let source, let seeds) in cell.items {
        let setting = seeds.keys.sorted().map { "\($0) \(seeds[$0]!)" }.joined(separator: ", ")
        bySetting[setting, default: []].insert(source)
      }
    }
    guard !bySetting.isEmpty else { return HTML() }
    let rows = bySetting.keys.sorted().map { setting -> [String] in
      let names = bySetting[setting]!.sorted()
      return [setting, "\(names.count)", names.joined(separator: ", ")]
    }
    return Self.table(
      TableRecord(
        columns: ["Seeds", "Experiments", "Names"], rows: rows, caption: "Seeds",
        numeric: [false, true, false]),
      caption: "Seeds of the experiments on this page")
  }
}

/// The `memo` calls of one cell by name, in the order the names first appear: how many calls
/// and their seconds.
struct MemoTally {
  /// The names, in order of their first call.
  var names: [String] = []
  /// Calls and seconds by name.
  var runs: [String: (count: Int, seconds: Double)] = [:]
  /// Every call counted.
  var calls = 0

  /// Counts one call of `name` that took `seconds`.
  mutating func add(_ name: String, seconds: Double) {
    if runs[name] == nil { names.append(name) }
    let run = runs[name] ?? (0, 0)
    runs[name] = (run.count + 1, run.seconds + seconds)
    calls += 1
  }
}
