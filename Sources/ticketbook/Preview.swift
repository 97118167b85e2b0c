import ArgumentParser
import Foundation
import Notebook

#if canImport(Glibc)
  import Glibc
#endif

/// `ticketbook preview`: renders, serves the pages on 127.0.0.1 and, on every save, renders
/// what changed and reloads the open pages.
struct Preview: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Render lessons, serve them on 127.0.0.1 and re-render and reload on every save.",
    discussion: """
      Watches the lessons, lessons/course.md, lessons/course.swift and the Lab library (every \
      250 ms) and renders only the lessons that changed (every lesson when course.swift or the \
      Lab library changed); open pages reload. A lesson that fails to render keeps its last \
      good page, shown under the errors. The profile is quick unless --profile says otherwise, \
      and the pages go to <cache-dir>/preview unless --out says otherwise, so the published \
      output/ is never replaced by quick pages. Ctrl-C (or SIGTERM) stops the lesson program \
      running, lets the render finish its writes and exits 0. Exit status 1: the port is busy \
      or the Lab library or swiftc is missing; 2: a usage error.
      """)

  @OptionGroup var notebook: NotebookArguments

  @Option(help: "Directory for the pages (default: <cache-dir>/preview).")
  var out: String?

  @Option(help: "Port on 127.0.0.1 (0: any free port, printed when serving).")
  var port: Int = 4848

  func validate() throws {
    guard (0...65_535).contains(port) else {
      throw ValidationError("--port must be between 0 and 65535, not \(port)")
    }
  }

  func run() throws {
    // A browser closing its socket must not end the preview.
    signal(SIGPIPE, SIG_IGN)
    let directory = out ?? notebook.cacheDir + "/preview"
    let stop = PreviewStop()
    let session = try PreviewSession(notebook: notebook, outputDirectory: directory, stop: stop)
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let server = try PreviewServer(directory: directory, port: port)
    let actualPort: Int
    do {
      actualPort = try server.start()
    } catch {
      Terminal.error("\(error)")
      throw ExitCode.failure
    }
    session.renderFirst()
    server.failures.record(session.lastOutcomes)
    Terminal.error(
      "Serving \(directory) at http://127.0.0.1:\(actualPort)/ (watching for changes; Ctrl-C stops)"
    )
    session.watch { outcomes in
      server.failures.record(outcomes)
      server.reload()
    }
    server.stop()
    Terminal.error("Stopped.")
  }
}

/// A stop asked for by SIGINT, SIGTERM or SIGHUP: the first stops the lesson programs and
/// compilers running and lets the preview finish its writes; a second ends it at once.
final class PreviewStop: @unchecked Sendable {
  private let asked = Locked(false)
  private var sources: [any DispatchSourceSignal] = []

  init() {
    for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
      signal(signalNumber, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
      source.setEventHandler { [asked] in
        if asked.value { _exit(128 + signalNumber) }
        asked.value = true
        ChildProcesses.stopAll()
      }
      source.resume()
      sources.append(source)
    }
  }

  var requested: Bool { asked.value }
}

/// The rendering side of a preview: the pipeline, the watched files and the render loop.
final class PreviewSession {
  let notebook: NotebookArguments
  let outputDirectory: String
  let stop: PreviewStop
  let watcher: PreviewWatcher
  private var pipeline: Pipeline
  /// The outcomes of the last render.
  private(set) var lastOutcomes: [LessonOutcome] = []

  /// How often the files are polled.
  static let pollInterval: useconds_t = 250_000

  init(notebook: NotebookArguments, outputDirectory: String, stop: PreviewStop) throws {
    self.notebook = notebook
    self.outputDirectory = outputDirectory
    self.stop = stop
    pipeline = try Self.pipeline(notebook, outputDirectory: outputDirectory)
    watcher = PreviewWatcher(
      explicitLessons: notebook.lessons, labLibrary: pipeline.options.lab.libraryPath)
    if notebook.lessons.isEmpty { _ = try notebook.lessonPaths() }
  }

  private var baseline = PreviewWatcher.Snapshot()

  /// Renders every lesson and remembers the files' stamps from before it.
  func renderFirst() {
    baseline = watcher.snapshot()
    render(watcher.lessonPaths)
  }

  /// Polls until a stop is asked; after each render of what changed, calls `rendered`.
  func watch(rendered: ([LessonOutcome]) -> Void) {
    while !stop.requested {
      usleep(Self.pollInterval)
      let current = watcher.snapshot()
      let changes = watcher.changes(from: baseline, to: current)
      if changes.isEmpty || stop.requested { continue }
      // A library being linked changes for a while: wait until it is there and stays put for
      // one poll.
      if changes.lab, current.lab == nil || !settled(current.lab) { continue }
      baseline = current
      if changes.lab, let fresh = try? Self.pipeline(notebook, outputDirectory: outputDirectory) {
        pipeline = fresh
      }
      if changes.everyLesson || !changes.lessons.isEmpty {
        render(changes.everyLesson ? watcher.lessonPaths : changes.lessons)
        rendered(lastOutcomes)
      } else if changes.coursePage {
        _ = pipeline.writeSite()
        rendered([])
      }
    }
  }

  /// The pipeline of the preview: pages only (no slides, no PDF), the quick profile by default.
  static func pipeline(_ notebook: NotebookArguments, outputDirectory: String) throws -> Pipeline {
    try notebook.pipeline(outputDirectory: outputDirectory, defaultProfile: .quick)
  }

  /// Whether the Lab library keeps `stamp` over one more poll interval.
  private func settled(_ stamp: PreviewWatcher.Stamp?) -> Bool {
    usleep(Self.pollInterval)
    return PreviewWatcher.Stamp(path: watcher.labLibrary) == stamp
  }

  private func render(_ paths: [String]) {
    guard !paths.isEmpty else { return }
    let display = ProgressDisplay(explain: notebook.explain)
    lastOutcomes = pipeline.render(paths, jobs: notebook.jobs) { display.handle($0) }
    display.finish(lastOutcomes)
  }
}
