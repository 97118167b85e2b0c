import Foundation
import LabRecords

/// Parses, runs (or reuses), and renders lessons: the whole pipeline behind `ticketbook render`.
///
/// A render goes in two steps. First every lesson is parsed and run (or its cached run reused)
/// into a ``LessonPage``, whose JSON, the page's stored value, is written to the output
/// directory, unless the lesson failed and would replace an existing page (without
/// ``NotebookOptions/force``). Then the site is written once: the pages of this render and the
/// stored pages of the lessons not rendered this time make the ``Site``, and every page, the
/// index and the claims page are rendered with it, each file replaced only when its bytes change.
public final class Pipeline: Sendable {
  /// The options of this render.
  public let options: NotebookOptions
  /// The Lab library build identity: SHA-256 of `libLab.so`.
  public let labIdentity: String
  /// SHA-256 of `swiftc --version` and the optimisation flag.
  public let toolchainIdentity: String
  /// SHA-256 of the dataset files, or `none` when there are none.
  public let datasetChecksum: String
  /// The first line of `swiftc --version`, for the pages' footers.
  public let swiftVersion: String
  private let cache: ResultCache

  /// Prepares a render: hashes the Lab library, asks the toolchain its version, checksums the
  /// dataset (each remembered by path, size and time in the cache directory).
  public init(options: NotebookOptions) {
    self.options = options
    cache = ResultCache(directory: options.cacheDirectory)
    let identity = Self.identity(
      lab: options.lab, datasetDirectory: options.datasetDirectory,
      digestStore: options.digestStore)
    labIdentity = identity.engineBuild
    datasetChecksum = identity.datasetChecksum
    let version = Pipeline.toolchainVersion(options.swiftc)
    swiftVersion = version.split(separator: "\n").first.map(String.init) ?? ""
    toolchainIdentity = SHA256.hexDigest(version + (options.optimize ? "\n-O" : "\n-Onone"))
  }

  /// The engine build (the digest of `libLab.so`) and the dataset checksum (of every file in
  /// `datasetDirectory`; "none" when there is none): what every memo key holds, computed alike
  /// by a render and by `ticketbook experiment run`.
  public static func identity(lab: LabLibrary, datasetDirectory: String, digestStore: String)
    -> (engineBuild: String, datasetChecksum: String)
  {
    let digests = FileDigests(storePath: digestStore)
    let dataset =
      ((try? FileManager.default.contentsOfDirectory(atPath: datasetDirectory)) ?? [])
      .filter { !$0.hasPrefix(".") }.sorted().map { datasetDirectory + "/" + $0 }
    return (
      digests.digest(of: [lab.libraryPath]),
      dataset.isEmpty ? "none" : digests.digest(of: dataset)
    )
  }

  /// `swiftc --version`, or an empty string when it cannot be run.
  static func toolchainVersion(_ swiftc: String) -> String {
    guard let scratch = ScratchDirectory(prefix: "ticketbook-swiftc-version") else { return "" }
    defer { scratch.remove() }
    let log = scratch.path + "/version.log"
    let process = Subprocess(
      executable: swiftc, arguments: ["--version"],
      environment: ProcessInfo.processInfo.environment, outputPath: log, errorPath: log,
      timeout: 60)
    guard (try? process.run()) == .exited(0) else { return "" }
    return (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
  }

  /// Renders lessons, `jobs` at a time; one lesson's failure never stops the others. Then writes
  /// the site: every page with its previous/next links, the course index and the claims page.
  /// Outcomes come back in the order of `paths`.
  public func render(
    _ paths: [String], jobs: Int, onEvent: @escaping @Sendable (NotebookEvent) -> Void = { _ in }
  ) -> [LessonOutcome] {
    for directory in [options.outputDirectory, options.cacheDirectory] {
      OwnershipMarker.mark(directory)
      // Temporary files of renders and lesson programs killed mid-write (not of live ones).
      AtomicFile.removeStale(under: directory)
    }
    // A Slurm render's arrays carry its name: cancelled when it is stopped, and when it ends
    // (an array a lesson left behind when its time-out killed it).
    let slurmJobName = LabEnvironment.slurmJobName(render: String(getpid()))
    if options.batches.executor == .slurm { ChildProcesses.cancelSlurmJobs(named: slurmJobName) }
    let queue = WorkQueue<(outcome: LessonOutcome, page: LessonPage?)>(count: paths.count)
    let group = DispatchGroup()
    for _ in 0..<max(1, min(jobs, paths.count)) {
      group.enter()
      let thread = Thread { [self] in
        while let index = queue.next() {
          queue.store(run(paths[index], onEvent: onEvent), at: index)
        }
        group.leave()
      }
      thread.stackSize = 8 << 20
      thread.start()
    }
    group.wait()
    if let jobSlots { try? FileManager.default.removeItem(atPath: jobSlots) }
    if options.batches.executor == .slurm { ChildProcesses.scancel(named: slurmJobName) }
    let results = queue.results
    // The pages of this render by lesson name; of two paths with one name, the later wins.
    var fresh: [String: LessonPage] = [:]
    for case (_, let page?) in results { fresh[page.lesson.name] = page }
    let report = writeSite(fresh: fresh)
    return results.map { result in
      var outcome = result.outcome
      if result.page != nil { outcome.messages += report.warnings[outcome.name] ?? [] }
      if let failures = report.failures[outcome.name] {
        outcome.messages += failures
        outcome.succeeded = false
      }
      if result.page != nil, let message = report.unwritten[outcome.name] {
        outcome.messages.append(message)
        outcome.succeeded = false
        outcome.pageWritten = false
      }
      return outcome
    }
  }

  /// Renders one lesson and writes the site around it: `render([path], jobs: 1)`.
  public func render(
    _ path: String, onEvent: @escaping @Sendable (NotebookEvent) -> Void = { _ in }
  ) -> LessonOutcome {
    render([path], jobs: 1, onEvent: onEvent)[0]
  }

  /// Runs one lesson (or reuses its cached run) into its page and stores the page's JSON. The
  /// page comes back when it was stored, `nil` when the lesson's stored page stays.
  func run(
    _ path: String, onEvent: @escaping @Sendable (NotebookEvent) -> Void
  ) -> (outcome: LessonOutcome, page: LessonPage?) {
    let start = ContinuousClock.now
    let name = Lesson.name(ofPath: path)
    // One cache entry per lesson and profile, so `check` (quick) and `render` (full) coexist.
    let cacheName =
      "\(name).\(options.profile.rawValue)"
      + (options.edition == .instructor ? "" : ".\(Self.editionName(options.edition))")
    var outcome = LessonOutcome(
      path: path, name: name, succeeded: true, messages: [], checks: [], cached: false,
      explanation: "", pageWritten: false, seconds: 0)
    var cacheWarnings: [String] = []
    let lesson: Lesson
    var run: LessonRun
    do {
      let shared = try SharedSource.beside(lessonPath: path)
      lesson = try LessonParser().parse(path: path).edition(options.edition)
      let program = ProgramGenerator().generate(lesson, shared: shared)
      let key = CacheKey(
        program: program, lab: labIdentity, toolchain: toolchainIdentity, profile: options.profile,
        blasKernels: options.blasKernels, dataset: datasetChecksum)
      let lookup: ResultCache.Lookup =
        options.useCache
        ? cache.lookup(lesson: cacheName, key: key) : .miss(previous: nil, reason: "--no-cache")
      switch lookup {
      case .hit(let entry):
        onEvent(.lessonStarted(path: path, estimate: 0))
        run = entry.run(relocatedTo: lesson)
        outcome.cached = true
        outcome.explanation =
          "\(path): cached run reused (unchanged: \(key.checkedParts))"
      case .miss(let previous, let reason):
        if let warning = lookup.warning { cacheWarnings.append("\(path): warning: \(warning)") }
        let estimate = previous.map { $0.run.compileSeconds + $0.run.runSeconds }
        onEvent(.lessonStarted(path: path, estimate: estimate))
        outcome.explanation = "\(path): ran because \(reason)"
        if program.isEmpty {
          run = LessonRun.empty(for: lesson)
          outcome.explanation = "\(path): no code to run"
        } else {
          run = runner(for: name).run(program, of: lesson) { event in
            var cell: String?
            if case .cellStarted(let index) = event, lesson.cells.indices.contains(index) {
              cell = lesson.cells[index].displayName
            }
            onEvent(.run(path: path, event: event, cell: cell))
          }
          run.date = Self.today()
          if run.failure == nil {
            do {
              try cache.store(
                CacheEntry(key: key, run: run, fenceLines: lesson.cells.map(\.fenceLine)),
                lesson: cacheName)
            } catch {
              // The page is still written; the next render runs the lesson again.
              cacheWarnings.append("\(path): warning: the run was not cached: \(error)")
            }
          }
        }
      }
    } catch {
      onEvent(.lessonStarted(path: path, estimate: nil))
      lesson = Lesson(path: path, title: name, blocks: [])
      run = LessonRun(
        cells: [], inlines: [], failure: RunFailure(kind: .setup, message: error.description))
      outcome.explanation = "\(error.file): could not be read or parsed"
    }

    outcome.messages = run.diagnostics.filter { $0.severity != "note" }.map(\.description)
    outcome.messages.insert(contentsOf: cacheWarnings, at: 0)
    if let failure = run.failure, !outcome.messages.contains(failure.message) {
      outcome.messages.append(failure.message)
    }
    outcome.succeeded = run.failure == nil
    if !outcome.cached { outcome.compileSeconds = run.compileSeconds }
    let page = LessonPage(lesson: lesson, run: run, profile: options.profile, facts: facts)
    let checks = page.checks
    outcome.checks = checks.filter { $0.exercise == nil }.map(\.check)
    outcome.grades = checks.filter { $0.exercise != nil }
    outcome.pageWritten = store(page, outcome: &outcome)
    outcome.seconds =
      Double((ContinuousClock.now - start).components.seconds)
      + Double((ContinuousClock.now - start).components.attoseconds) * 1e-18
    onEvent(.lessonFinished(outcome))
    return (outcome, outcome.pageWritten ? page : nil)
  }

  /// Today (UTC) as `2026-12-01`, or the day of `$SOURCE_DATE_EPOCH` when it is set (for
  /// reproducible renders).
  static func today() -> String {
    let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap(Double.init)
    let date = epoch.map { Date(timeIntervalSince1970: $0) } ?? Date()
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyy-MM-dd"
    return formatter.string(from: date)
  }

  /// The edition's name in cache entry names.
  static func editionName(_ edition: Edition) -> String {
    switch edition {
    case .instructor: return "instructor"
    case .student: return "student"
    case .grading: return "grading"
    }
  }

  /// What every run of this pipeline is made with, for the pages' footers.
  var facts: RunFacts {
    RunFacts(
      engineBuild: labIdentity, swiftVersion: swiftVersion, datasetChecksum: datasetChecksum,
      optimized: options.optimize, blasKernels: options.blasKernels)
  }

  /// The runner for lesson `name`, working in its own build directory.
  func runner(for name: String) -> ProgramRunner {
    ProgramRunner(
      lab: options.lab, swiftc: options.swiftc,
      workDirectory: options.cacheDirectory + "/build/\(name)-\(options.profile.rawValue)",
      settings: RunSettings(
        profile: options.profile, memoDirectory: options.resolvedMemoDirectory,
        engineBuild: labIdentity, datasetChecksum: datasetChecksum,
        datasetDirectory: options.datasetDirectory, timeout: options.timeout,
        optimize: options.optimize, batches: options.batches, jobSlots: jobSlots))
  }

  /// The directory of this render's job slots, shared by its lesson programs and their
  /// experiment processes (nil when experiments run inside the lesson programs).
  var jobSlots: String? { Self.jobSlots(options) }

  /// The job slots' directory of a render with `options` in this process.
  static func jobSlots(_ options: NotebookOptions) -> String? {
    options.batches.executable == nil
      ? nil : options.cacheDirectory + "/slots/\(ProcessInfo.processInfo.processIdentifier)"
  }

  /// Stores `page`: writes its JSON, unless the lesson failed and its page exists (without
  /// `force`), in which case the stored page stays. Says whether the page was stored; its HTML
  /// is written with the site (``writeSite(fresh:)``).
  private func store(_ page: LessonPage, outcome: inout LessonOutcome) -> Bool {
    let base = options.outputDirectory + "/" + page.lesson.name
    if !outcome.succeeded && !options.force
      && FileManager.default.fileExists(atPath: base + ".html")
    {
      outcome.messages.append(
        "\(page.lesson.path): note: kept the existing \(base).html; --force replaces it with the failed page"
      )
      return false
    }
    do {
      try Self.write(try CanonicalJSON.encode(page), to: base + ".json")
    } catch {
      outcome.messages.append("\(base).html: error: cannot write the page: \(error)")
      outcome.succeeded = false
      return false
    }
    return true
  }

  /// Why KaTeX could not be loaded.
  static var katexMissing: String {
    AssetError(path: KaTeX.debianDirectory + "/dist/katex.min.css").description
  }

  /// Writes the course site from the stored pages, every lesson page's JSON in the output
  /// directory, without running a lesson: every page with its previous/next links,
  /// `index.html` and the claims page.
  /// Returns false when a page could not be written (each problem is printed on standard
  /// error).
  @discardableResult
  public func writeSite() -> Bool {
    let report = writeSite(fresh: [:], reportStored: true)
    let failures = report.failures.values.flatMap { $0 }
    for message in report.unwritten.values.sorted() + report.warnings.values.flatMap({ $0 })
      + failures
    {
      FileHandle.standardError.write(Data((message + "\n").utf8))
    }
    return report.unwritten.isEmpty && failures.isEmpty
  }

  /// What writing the site found, by lesson name (fresh pages only).
  struct SiteReport {
    /// The page could not be written: the error.
    var unwritten: [String: String] = [:]
    /// Warnings about the page's math.
    var warnings: [String: [String]] = [:]
    /// The lesson's slides or PDF could not be written: the errors.
    var failures: [String: [String]] = [:]
  }

  /// Writes the course site, rendering every page once: the `fresh` pages of this render (by
  /// lesson name) and the stored pages of the other lessons, in file order, make the ``Site``;
  /// the formulas of every page are typeset by one KaTeX run; every page, `index.html`, the
  /// claims page and, unless pages are self-contained, the shared assets are written
  /// atomically, each only when its bytes change.
  func writeSite(fresh: [String: LessonPage], reportStored: Bool = false) -> SiteReport {
    let directory = options.outputDirectory
    let stored = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
      .filter { $0.hasSuffix(".json") }
    let files = Set(stored).union(fresh.keys.map { $0 + ".json" }).sorted()
    let pages = files.compactMap { file -> LessonPage? in
      if let page = fresh[String(file.dropLast(".json".count))] { return page }
      guard let data = FileManager.default.contents(atPath: directory + "/" + file) else {
        return nil
      }
      return LessonPage.stored(data, edition: options.edition)
    }
    let entries = pages.map(SiteEntry.init(page:))
    var report = SiteReport()
    let site: Site
    do {
      site = try Site(entries: entries, coursePage: options.coursePage)
    } catch {
      site = Site(entries: entries)
      // Reported with the first lesson of this render (or by `writeSite()`).
      let name = fresh.keys.sorted().first ?? ""
      report.warnings[name, default: []].append("\(error.description) (the course page)")
    }
    let katex = KaTeX.installed
    var renderer = HTMLRenderer(katex: katex, assets: options.selfContained ? .inline : .site)
    var formulas = Set<Formula>()
    for page in pages {
      for case .prose(let prose) in page.lesson.blocks {
        formulas.formUnion(prose.math.map(Formula.init))
      }
    }
    formulas.formUnion(site.introductionMath.map(Formula.init))
    var mathProblem: String?
    if !formulas.isEmpty {
      if let katex {
        switch katex.typeset(formulas) {
        case .success(let math): renderer.math = math
        case .failure(let error): mathProblem = error.description
        }
      } else {
        mathProblem = Self.katexMissing
      }
    }
    for page in pages where reportStored || fresh[page.lesson.name] != nil {
      var warnings: [String] = []
      for case .prose(let prose) in page.lesson.blocks {
        for span in prose.math {
          guard let error = renderer.math.errors[Formula(span)] else { continue }
          let line = span.line > 0 ? ":\(span.line)" : ""
          warnings.append(
            "\(page.lesson.path)\(line): warning: KaTeX cannot typeset "
              + "\(span.display ? "$$" : "$")\(span.tex)"
              + "\(span.display ? "$$" : "$") (\(error)); it is shown as its TeX source")
        }
      }
      if let mathProblem, renderer.hasMath(page) {
        warnings.append("\(page.lesson.path): warning: math is shown as TeX source: \(mathProblem)")
      }
      if !warnings.isEmpty { report.warnings[page.lesson.name] = warnings }
    }
    let rendered = pages.map { renderer.renderedPage($0, site: site) }
    let index = renderer.renderedIndex(site)
    let claims = renderer.renderClaims(site)
    if !options.selfContained {
      try? SiteAssets.write(
        pages: rendered + [index], katex: katex, to: directory,
        write: { try Self.write($0, to: $1) })
    }
    for (page, markup) in zip(pages, rendered) {
      let path = directory + "/" + page.lesson.name + ".html"
      do {
        try Self.write(Data(markup.html.utf8), to: path)
      } catch {
        if reportStored || fresh[page.lesson.name] != nil {
          report.unwritten[page.lesson.name] = "\(path): error: cannot write the page: \(error)"
        }
      }
    }
    try? Self.write(Data(index.html.utf8), to: directory + "/index.html")
    try? Self.write(Data(claims.utf8), to: directory + "/" + ClaimsPage.file)
    writeHandouts(pages, renderer: renderer, site: site, fresh: fresh, report: &report)
    return report
  }

  /// With ``NotebookOptions/slides``, every lesson's deck (`slides/<lesson>.html`); with
  /// ``NotebookOptions/pdfChromium``, every lesson page and deck printed to `pdf/`
  /// (`<lesson>.pdf`, `<lesson>-slides.pdf`). A failure is reported with the fresh lesson.
  private func writeHandouts(
    _ pages: [LessonPage], renderer: HTMLRenderer, site: Site, fresh: [String: LessonPage],
    report: inout SiteReport
  ) {
    let directory = options.outputDirectory
    func fail(_ page: LessonPage, _ message: String) {
      let name = fresh[page.lesson.name] != nil ? page.lesson.name : fresh.keys.sorted().first ?? ""
      report.failures[name, default: []].append(message)
    }
    if options.slides {
      for page in pages {
        let path = directory + "/slides/" + page.lesson.name + ".html"
        do {
          try Self.write(Data(renderer.renderSlides(page).utf8), to: path)
        } catch {
          fail(page, "\(path): error: cannot write the slides: \(error)")
        }
      }
    }
    guard let chromium = options.pdfChromium else { return }
    let printer = PDFPrinter(
      chromium: chromium, scratchDirectory: options.cacheDirectory + "/print")
    let day = site.entries.compactMap(\.date).max() ?? Self.today()
    for page in pages {
      var jobs = [(directory + "/" + page.lesson.name + ".html", page.lesson.name + ".pdf")]
      if options.slides {
        jobs.append(
          (directory + "/slides/" + page.lesson.name + ".html", page.lesson.name + "-slides.pdf"))
      }
      for (source, name) in jobs {
        let destination = directory + "/pdf/" + name
        do {
          try printer.print(source, to: destination, day: day)
        } catch {
          fail(page, "\(destination): error: cannot print \(source): \(error)")
        }
      }
    }
  }

  /// Writes `data` to `path` atomically, unless the file holds these bytes already.
  static func write(_ data: Data, to path: String) throws {
    guard FileManager.default.contents(atPath: path) != data else { return }
    try AtomicFile.write(data, to: path)
  }
}

/// Hands out work items to threads and collects their results.
private final class WorkQueue<Result>: @unchecked Sendable {
  private let lock = NSLock()
  private var nextIndex = 0
  private let count: Int
  private var slots: [Result?]

  init(count: Int) {
    self.count = count
    slots = Array(repeating: nil, count: count)
  }

  func next() -> Int? {
    lock.withLock {
      guard nextIndex < count else { return nil }
      defer { nextIndex += 1 }
      return nextIndex
    }
  }

  func store(_ result: Result, at index: Int) {
    lock.withLock { slots[index] = result }
  }

  var results: [Result] {
    lock.withLock { slots.compactMap { $0 } }
  }
}
