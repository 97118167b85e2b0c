import Foundation
import LabRecords

/// How a render is done: where outputs and the cache go, which profile, which limits.
public struct NotebookOptions: Sendable {
  /// Where pages go (`output/`).
  public var outputDirectory: String
  /// Where cached runs, memoised results and build products go (`.ticketbook-cache/`).
  public var cacheDirectory: String
  /// The profile lessons run in.
  public var profile: Profile
  /// Seconds one execution of a lesson program may take.
  public var timeout: Double?
  /// Whether cached runs may be reused.
  public var useCache: Bool
  /// Whether a failed lesson may replace an existing page.
  public var force: Bool
  /// The Lab library lesson programs compile against.
  public var lab: LabLibrary
  /// The `swiftc` to compile with.
  public var swiftc: String
  /// The Fashion-MNIST directory whose files make the dataset checksum.
  public var datasetDirectory: String
  /// Whether lesson programs are compiled with `-O` (see ``RunSettings/optimize``).
  public var optimize: Bool = false
  /// The OpenBLAS kernel family lesson programs will run on (the command line asks OpenBLAS;
  /// empty when unknown): part of the cache key and of the pages' footers.
  public var blasKernels: String = ""

  /// Where file digests are remembered by path, size and modification time; shared by every
  /// cache directory of the user (`$TICKETBOOK_DIGESTS`, else `~/.cache/ticketbook/digests.json`),
  /// so the dataset is hashed once per machine, not once per cache.
  public var digestStore: String = NotebookOptions.defaultDigestStore()

  /// The default ``digestStore``.
  public static func defaultDigestStore() -> String {
    let environment = ProcessInfo.processInfo.environment
    if let path = environment["TICKETBOOK_DIGESTS"], !path.isEmpty { return path }
    let home = environment["XDG_CACHE_HOME"] ?? (NSHomeDirectory() + "/.cache")
    return home + "/ticketbook/digests.json"
  }

  /// Creates options.
  public init(
    outputDirectory: String, cacheDirectory: String, profile: Profile, timeout: Double?,
    useCache: Bool, force: Bool, lab: LabLibrary, swiftc: String, datasetDirectory: String
  ) {
    self.outputDirectory = outputDirectory
    self.cacheDirectory = cacheDirectory
    self.profile = profile
    self.timeout = timeout
    self.useCache = useCache
    self.force = force
    self.lab = lab
    self.swiftc = swiftc
    self.datasetDirectory = datasetDirectory
  }
}

/// What rendering one lesson came to.
public struct LessonOutcome: Sendable {
  /// The lesson file.
  public var path: String
  /// Its name (file name without extension).
  public var name: String
  /// Whether it compiled and ran (failed checks do not make it fail).
  public var succeeded: Bool
  /// Compiler diagnostics and the failure, as `file:line:column: error: …` lines.
  public var messages: [String]
  /// Its checks.
  public var checks: [CheckRecord]
  /// Whether the run came from the cache.
  public var cached: Bool
  /// Why it ran (or did not), for `--explain`.
  public var explanation: String
  /// Whether its page and JSON were written.
  public var pageWritten: Bool
  /// Seconds it took, end to end.
  public var seconds: Double
  /// Seconds spent compiling its program (0 when cached or nothing to compile).
  public var compileSeconds: Double = 0

  /// The checks that failed.
  public var failedChecks: [CheckRecord] { checks.filter(\.failed) }
}

/// What the notebook reports while it works, for live progress.
public enum NotebookEvent: Sendable {
  /// A lesson began; `estimate` is how long its last run took, when known.
  case lessonStarted(path: String, estimate: Double?)
  /// Its program is compiling or running.
  case run(path: String, event: RunEvent, cell: String?)
  /// It is done.
  case lessonFinished(LessonOutcome)
}

/// Parses, runs (or reuses), and renders lessons: the whole pipeline behind `ticketbook render`.
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
    let digests = FileDigests(storePath: options.digestStore)
    labIdentity = digests.digest(of: [options.lab.libraryPath])
    let version = Pipeline.toolchainVersion(options.swiftc)
    swiftVersion = version.split(separator: "\n").first.map(String.init) ?? ""
    toolchainIdentity = SHA256.hexDigest(version + (options.optimize ? "\n-O" : "\n-Onone"))
    let dataset =
      ((try? FileManager.default.contentsOfDirectory(atPath: options.datasetDirectory)) ?? [])
      .filter { !$0.hasPrefix(".") }.sorted().map { options.datasetDirectory + "/" + $0 }
    datasetChecksum = dataset.isEmpty ? "none" : digests.digest(of: dataset)
  }

  /// `swiftc --version`, or an empty string when it cannot be run.
  static func toolchainVersion(_ swiftc: String) -> String {
    let log = NSTemporaryDirectory() + "ticketbook-swiftc-version-\(getpid())"
    defer { try? FileManager.default.removeItem(atPath: log) }
    let process = Subprocess(
      executable: swiftc, arguments: ["--version"],
      environment: ProcessInfo.processInfo.environment, outputPath: log, errorPath: log,
      timeout: 60)
    guard (try? process.run()) == .exited(0) else { return "" }
    return (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
  }

  /// Renders lessons, `jobs` at a time; one lesson's failure never stops the others. Writes the
  /// course index afterwards. Outcomes come back in the order of `paths`.
  public func render(
    _ paths: [String], jobs: Int, onEvent: @escaping @Sendable (NotebookEvent) -> Void = { _ in }
  ) -> [LessonOutcome] {
    let queue = WorkQueue(count: paths.count)
    let group = DispatchGroup()
    for _ in 0..<max(1, min(jobs, paths.count)) {
      group.enter()
      let thread = Thread { [self] in
        while let index = queue.next() {
          queue.store(render(paths[index], onEvent: onEvent), at: index)
        }
        group.leave()
      }
      thread.stackSize = 8 << 20
      thread.start()
    }
    group.wait()
    writeSite()
    return queue.results
  }

  /// Renders one lesson.
  public func render(
    _ path: String, onEvent: @escaping @Sendable (NotebookEvent) -> Void = { _ in }
  )
    -> LessonOutcome
  {
    let start = ContinuousClock.now
    let name = Lesson.name(ofPath: path)
    // One cache entry per lesson and profile, so `check` (quick) and `render` (full) coexist.
    let cacheName = "\(name).\(options.profile.rawValue)"
    var outcome = LessonOutcome(
      path: path, name: name, succeeded: true, messages: [], checks: [], cached: false,
      explanation: "", pageWritten: false, seconds: 0)
    let lesson: Lesson
    var run: LessonRun
    do {
      let shared = try SharedSource.beside(lessonPath: path)
      lesson = try LessonParser().parse(path: path)
      let program = ProgramGenerator().generate(lesson, shared: shared)
      let key = CacheKey(
        program: program, lab: labIdentity, toolchain: toolchainIdentity, profile: options.profile,
        blasKernels: options.blasKernels)
      let lookup: ResultCache.Lookup =
        options.useCache
        ? cache.lookup(lesson: cacheName, key: key) : .miss(previous: nil, reason: "--no-cache")
      switch lookup {
      case .hit(let entry):
        onEvent(.lessonStarted(path: path, estimate: 0))
        run = entry.run(relocatedTo: lesson)
        outcome.cached = true
        outcome.explanation =
          "\(path): cached run reused (code, Lab library, toolchain and profile unchanged)"
      case .miss(let previous, let reason):
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
          if run.failure == nil {
            try? cache.store(
              CacheEntry(key: key, run: run, fenceLines: lesson.cells.map(\.fenceLine)),
              lesson: cacheName)
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
    if let failure = run.failure, !outcome.messages.contains(failure.message) {
      outcome.messages.append(failure.message)
    }
    outcome.succeeded = run.failure == nil
    if !outcome.cached { outcome.compileSeconds = run.compileSeconds }
    outcome.checks = run.checks
    outcome.pageWritten = write(
      LessonPage(lesson: lesson, run: run, profile: options.profile, facts: facts),
      succeeded: outcome.succeeded, outcome: &outcome)
    outcome.seconds =
      Double((ContinuousClock.now - start).components.seconds)
      + Double((ContinuousClock.now - start).components.attoseconds) * 1e-18
    onEvent(.lessonFinished(outcome))
    return outcome
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
        profile: options.profile, memoDirectory: options.cacheDirectory + "/memo",
        engineBuild: labIdentity, datasetChecksum: datasetChecksum, timeout: options.timeout,
        optimize: options.optimize))
  }

  /// Writes the page and its JSON atomically, unless the lesson failed and would replace a page
  /// that exists (without `force`).
  private func write(_ page: LessonPage, succeeded: Bool, outcome: inout LessonOutcome) -> Bool {
    let base = options.outputDirectory + "/" + page.lesson.name
    if !succeeded && !options.force && FileManager.default.fileExists(atPath: base + ".html") {
      outcome.messages.append(
        "\(page.lesson.path): note: kept the existing \(base).html; --force replaces it with the failed page"
      )
      return false
    }
    do {
      try AtomicFile.write(try CanonicalJSON.encode(page), to: base + ".json")
      // Previous/next links come when the site is written (``writeSite()``).
      let html = HTMLRenderer().render(page)
      try AtomicFile.write(Data(html.utf8), to: base + ".html")
      if HTMLRenderer().katex == nil && html.contains("<span class=\"math ") {
        outcome.messages.append(
          "\(page.lesson.path): warning: math is shown as TeX source: \(Self.katexMissing)")
      }
      return true
    } catch {
      outcome.messages.append("\(base).html: error: cannot write the page: \(error)")
      outcome.succeeded = false
      return false
    }
  }

  /// Why KaTeX could not be loaded.
  static var katexMissing: String {
    AssetError(path: KaTeX.debianDirectory + "/katex.min.js").description
  }

  /// Writes the course site from every lesson page's JSON in the output directory, in file
  /// order: `index.html`, and every page again with its previous/next links (a page file is
  /// only replaced when its bytes change).
  public func writeSite() {
    let directory = options.outputDirectory
    let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
      .filter { $0.hasSuffix(".json") }.sorted()
    let pages = files.compactMap { file -> LessonPage? in
      guard let data = FileManager.default.contents(atPath: directory + "/" + file) else {
        return nil
      }
      return try? CanonicalJSON.decoder().decode(LessonPage.self, from: data)
    }
    let site = Site(entries: pages.map(SiteEntry.init(page:)))
    let renderer = HTMLRenderer()
    for page in pages {
      let path = directory + "/" + page.lesson.name + ".html"
      let html = Data(renderer.render(page, site: site).utf8)
      if FileManager.default.contents(atPath: path) != html {
        try? AtomicFile.write(html, to: path)
      }
    }
    try? AtomicFile.write(Data(renderer.renderIndex(site).utf8), to: directory + "/index.html")
    try? AtomicFile.write(
      Data(renderer.renderClaims(site).utf8), to: directory + "/" + ClaimsPage.file)
  }
}

/// Hands out work items to threads and collects their results.
private final class WorkQueue: @unchecked Sendable {
  private let lock = NSLock()
  private var nextIndex = 0
  private let count: Int
  private var slots: [LessonOutcome?]

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

  func store(_ outcome: LessonOutcome, at index: Int) {
    lock.withLock { slots[index] = outcome }
  }

  var results: [LessonOutcome] {
    lock.withLock { slots.compactMap { $0 } }
  }
}
