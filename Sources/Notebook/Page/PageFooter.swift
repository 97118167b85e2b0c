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

  /// The footer: profile, toolchain, engine build, dataset, compile and run times, and every
  /// cell's run time with its memo results.
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
    var content =
      HTML.element("h2", ["id": "run-facts"], text: "About this run")
      + .element("dl", [:], .joined(list))
    let timed = page.lesson.cells.filter { cell in
      page.run.cells.indices.contains(cell.index) && page.run.cells[cell.index].started
    }
    if !timed.isEmpty {
      let rows = timed.map { cell -> [String] in
        let output = page.run.cells[cell.index]
        let memos = output.items.compactMap { item -> String? in
          guard case .memo(let name, let hit, _) = item else { return nil }
          return "\(name) \(hit ? "hit" : "miss")"
        }
        return [
          cell.displayName, "\(cell.span.lowerBound)",
          output.seconds.map(Self.duration) ?? (output.error == nil ? "unfinished" : "failed"),
          memos.joined(separator: ", "),
        ]
      }
      content += Self.table(
        TableRecord(
          columns: ["Cell", "Line", "Time", "Memo"], rows: rows, caption: "Cell run times",
          numeric: [false, true, true, false]),
        caption: "Cell run times")
    }
    // Every seed of every experiment the page ran or loaded, once, in a stable order.
    var seen = Set<String>()
    var seedRows: [[String]] = []
    for cell in page.run.cells {
      for item in cell.items {
        guard case .seeds(let source, let seeds) = item, seen.insert(source).inserted else {
          continue
        }
        seedRows.append([
          source, seeds.keys.sorted().map { "\($0) \(seeds[$0]!)" }.joined(separator: ", "),
        ])
      }
    }
    if !seedRows.isEmpty {
      content += Self.table(
        TableRecord(
          columns: ["Experiment", "Seeds"], rows: seedRows.sorted { $0[0] < $1[0] },
          caption: "Seeds", numeric: [false, false]),
        caption: "Seeds of the experiments on this page")
    }
    return .element("footer", ["class": "facts"], content)
  }
}
