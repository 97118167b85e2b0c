import Foundation
import LabRecords

/// Compiles a generated program against the Lab library, runs it and collects its outputs.
public struct ProgramRunner: Sendable {
  /// The Lab library to compile against.
  public var lab: LabLibrary
  /// The `swiftc` executable.
  public var swiftc: String
  /// A directory the runner owns for this lesson: sources, binary, captured output.
  public var workDirectory: String
  /// What the program reads from its environment.
  public var settings: RunSettings

  /// Creates a runner.
  public init(lab: LabLibrary, swiftc: String, workDirectory: String, settings: RunSettings) {
    self.lab = lab
    self.swiftc = swiftc
    self.workDirectory = workDirectory
    self.settings = settings
  }

  /// The `swiftc` arguments that compile `main.swift` (and the course's shared files) into
  /// `binary`.
  public func compileArguments(source: String, shared: [String] = [], binary: String) -> [String] {
    [settings.optimize ? "-O" : "-Onone", "-swift-version", "5", source] + shared + [
      "-module-name",
      "LessonProgram",
      "-I", lab.modulesPath, "-L", lab.directory, "-lLab",
      "-Xlinker", "-rpath", "-Xlinker", lab.directory, "-o", binary,
    ]
  }

  /// Compiles and runs `program` of `lesson`; never throws: every failure is in the result.
  public func run(
    _ program: GeneratedProgram, of lesson: Lesson, onEvent: (RunEvent) -> Void = { _ in }
  ) -> LessonRun {
    var result = LessonRun.empty(for: lesson)
    guard !program.isEmpty else { return result }
    let fileManager = FileManager.default
    try? fileManager.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
    // Two renders sharing a cache may run this lesson at once: the later one waits here, so
    // neither compiles over, nor deletes, the other's sources, binary and run directories.
    let lock = FileLock(path: workDirectory + ".lock")
    defer { lock.release() }

    // Compile.
    onEvent(.compiling)
    let source = workDirectory + "/main.swift"
    let binary = workDirectory + "/lesson"
    let log = workDirectory + "/compile.log"
    let compileStart = ContinuousClock.now
    do {
      try AtomicFile.write(Data(program.source.utf8), to: source)
      // The shared files are compiled from copies of the text that was hashed into the cache
      // key; diagnostics still name the course file and its lines.
      var sharedCopies: [String] = []
      for (index, file) in program.shared.enumerated() {
        let copy = workDirectory + "/shared\(index)-" + file.name
        let text =
          "#sourceLocation(file: \(ProgramGenerator.stringLiteral(file.path)), line: 1)\n"
          + file.text + "\n#sourceLocation()\n"
        try AtomicFile.write(Data(text.utf8), to: copy)
        sharedCopies.append(copy)
      }
      try? fileManager.removeItem(atPath: binary)
      let compiler = Subprocess(
        executable: swiftc,
        arguments: compileArguments(source: source, shared: sharedCopies, binary: binary),
        environment: ProcessInfo.processInfo.environment, outputPath: log, errorPath: log,
        timeout: 600)
      let termination = try compiler.run()
      result.compileSeconds = seconds(since: compileStart)
      let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
      result.diagnostics = Diagnostic.parse(output).map { diagnostic in
        var mapped = diagnostic
        mapped.cell =
          diagnostic.file == lesson.path ? lesson.cell(atLine: diagnostic.line)?.index : nil
        return mapped
      }
      guard termination.succeeded else {
        let firstError = result.diagnostics.first { $0.severity == "error" }
        result.failure = RunFailure(
          kind: .compile, cell: firstError?.cell,
          message: firstError?.description
            ?? "\(lesson.path): error: the lesson program did not compile:\n\(output)")
        return result
      }
    } catch {
      result.failure = RunFailure(
        kind: .setup, message: "\(lesson.path): error: cannot compile: \(error)")
      return result
    }

    // Run, again without an `error: true` cell each time one traps.
    let runStart = ContinuousClock.now
    var skipped: [Int] = []
    var kept: [Int: CellOutput] = [:]
    var attempt = 1
    let cellTimeouts = Dictionary(
      uniqueKeysWithValues: lesson.cells.compactMap { cell in
        cell.options.timeout.map { (cell.index, $0) }
      })
    while true {
      onEvent(.running(attempt: attempt))
      let execution = execute(
        binary, attempt: attempt, skipping: skipped, cellTimeouts: cellTimeouts,
        onEvent: onEvent)
      var run = LessonRun.assemble(
        records: execution.records, cellCount: result.cells.count,
        inlineCount: result.inlines.count)
      for (index, output) in kept { run.cells[index] = output }
      // Warnings of every attempt count (a retry may find what an earlier one recomputed).
      result.diagnostics += run.diagnostics.map { warning in
        var located = warning
        located.file = lesson.path
        located.line = lesson.cells.first { $0.index == warning.cell }?.fenceLine ?? 0
        return located
      }
      let running = program.cells.last { run.cells[$0].started && !run.cells[$0].finished }
      let runningCell = running.flatMap { index in lesson.cells.first { $0.index == index } }
      let ownTimeout = Self.limit(runningCell?.options.timeout ?? 0)
      let timeoutNote =
        "timed out after \(ownTimeout) (its timeout option): the program was stopped here"
      if execution.termination != .exited(0), execution.termination != .timedOut,
        let running, let cell = runningCell, cell.options.error, !skipped.contains(running)
      {
        // A cell allowed to fail failed (a trap, a throw, its own time-out): keep what it did,
        // run the program again without it.
        var output = run.cells[running]
        output.error =
          execution.termination == .stopped
          ? timeoutNote
          : Self.trapMessage(output.stderr, reason: Self.reason(execution.termination))
        kept[running] = output
        skipped.append(running)
        attempt += 1
        continue
      }
      switch execution.termination {
      case .exited(0):
        result.cells = run.cells
        result.inlines = run.inlines
      case .timedOut:
        result.cells = run.cells
        result.inlines = run.inlines
        let limit = Self.limit(settings.timeout ?? 0)
        var message = "\(lesson.path): error: timed out after \(limit)"
        if let running, let cell = runningCell {
          message =
            "\(lesson.path):\(cell.fenceLine): error: timed out after \(limit) in \(cell.displayName)"
          result.cells[running].error = "timed out after \(limit): the program was stopped here"
        }
        result.failure = RunFailure(kind: .timeout, cell: running, message: message)
      case .stopped:
        // A cell ran past its own `timeout` option.
        result.cells = run.cells
        result.inlines = run.inlines
        if let running, let cell = runningCell {
          result.cells[running].error = timeoutNote
          result.failure = RunFailure(
            kind: .timeout, cell: running,
            message:
              "\(lesson.path):\(cell.fenceLine): error: \(cell.displayName) ran past its timeout of \(ownTimeout)"
          )
        } else {
          result.failure = RunFailure(
            kind: .timeout, message: "\(lesson.path): error: a cell ran past its timeout")
        }
      case .exited, .signaled:
        let reason = Self.reason(execution.termination)
        result.cells = run.cells
        result.inlines = run.inlines
        if let running, let cell = runningCell {
          let trap = Self.trapMessage(run.cells[running].stderr, reason: reason)
          result.cells[running].error = trap
          let location =
            Self.trapLocation(trap, file: lesson.path) ?? "\(lesson.path):\(cell.fenceLine)"
          result.failure = RunFailure(
            kind: .crash, cell: running,
            message: "\(location): error: \(cell.displayName) stopped the program: \(trap)")
        } else {
          let trap = Self.trapMessage(execution.programError, reason: reason)
          let location = Self.trapLocation(trap, file: lesson.path) ?? lesson.path
          result.failure = RunFailure(
            kind: .crash,
            message: "\(location): error: the program stopped outside any cell: \(trap)")
        }
      }
      break
    }
    result.runSeconds = seconds(since: runStart)
    return result
  }

  /// What one execution left behind.
  struct Execution {
    var termination: Subprocess.Termination
    var records: [LabRecord]
    /// Standard error written outside any cell.
    var programError: String
  }

  /// Runs the compiled program once, tailing its records for live progress.
  func execute(
    _ binary: String, attempt: Int, skipping skipped: [Int], cellTimeouts: [Int: Double] = [:],
    onEvent: (RunEvent) -> Void
  ) -> Execution {
    let fileManager = FileManager.default
    let directory = workDirectory + "/run-\(attempt)"
    try? fileManager.removeItem(atPath: directory)
    try? fileManager.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let recordsPath = directory + "/records.jsonl"
    _ = fileManager.createFile(atPath: recordsPath, contents: nil)
    var environment = ProcessInfo.processInfo.environment
    environment[LabEnvironment.records] = recordsPath
    environment[LabEnvironment.runDirectory] = directory
    environment[LabEnvironment.memoDirectory] = settings.memoDirectory
    environment[LabEnvironment.engineBuild] = settings.engineBuild
    environment[LabEnvironment.datasetChecksum] = settings.datasetChecksum
    environment[LabEnvironment.datasetDirectory] = settings.datasetDirectory
    environment[LabEnvironment.profile] = settings.profile.rawValue
    environment[LabEnvironment.skipCells] = skipped.map(String.init).joined(separator: ",")
    environment[LabEnvironment.parentProcess] = String(getpid())
    environment[LabEnvironment.executable] = settings.batches.executable
    environment[LabEnvironment.jobs] = String(settings.batches.jobs)
    environment[LabEnvironment.jobSlots] = settings.jobSlots
    environment[LabEnvironment.executor] = settings.batches.executor.rawValue
    environment[LabEnvironment.slurmPartition] = settings.batches.slurmPartition
    environment[LabEnvironment.slurmOptions] = settings.batches.slurmOptions.joined(
      separator: "\n")
    // The crash backtracer takes seconds to symbolicate; the trap message is enough.
    environment["SWIFT_BACKTRACE"] = "enable=no"
    // One BLAS thread per lesson unless the user says otherwise: the engine's matrices are
    // small, lessons render side by side (--jobs), and OpenBLAS threads that spin while other
    // processes hold the cores slow everything down.
    if environment["OPENBLAS_NUM_THREADS"] == nil { environment["OPENBLAS_NUM_THREADS"] = "1" }
    let process = Subprocess(
      executable: binary, arguments: [], environment: environment,
      outputPath: directory + "/program.stdout", errorPath: directory + "/program.stderr",
      timeout: settings.timeout)
    var tail = RecordTail(path: recordsPath)
    let termination: Subprocess.Termination
    // The cell running now and when it started, for cells with a timeout of their own.
    var current: (cell: Int, since: ContinuousClock.Instant)?
    do {
      termination = try process.run {
        for record in tail.read() {
          switch record {
          case .cellStarted(let cell):
            current = (cell, .now)
            onEvent(.cellStarted(cell))
          case .cellFinished(let cell, _) where current?.cell == cell: current = nil
          case .progress(let cell, let label, let done, let total):
            onEvent(.progress(cell: cell, label: label, done: done, total: total))
          default: break
          }
        }
        guard let current, let limit = cellTimeouts[current.cell] else { return false }
        return ContinuousClock.now - current.since > .milliseconds(Int(limit * 1000))
      }
    } catch {
      return Execution(termination: .exited(-1), records: [], programError: "\(error)")
    }
    var records = RecordLog.records(in: fileManager.contents(atPath: recordsPath) ?? Data())
    // Captured streams become records of their cells, in front of the cell's finish.
    let started = records.compactMap { record -> Int? in
      if case .cellStarted(let cell) = record { return cell }
      return nil
    }
    for cell in started {
      for stream in [StreamName.stdout, .stderr] {
        let path = directory + "/" + LabEnvironment.captureFile(cell: cell, stream: stream)
        if let data = fileManager.contents(atPath: path), !data.isEmpty {
          records.append(
            .stream(cell: cell, stream: stream, text: String(decoding: data, as: UTF8.self)))
        }
      }
    }
    let programError =
      (try? String(contentsOfFile: directory + "/program.stderr", encoding: .utf8)) ?? ""
    return Execution(termination: termination, records: records, programError: programError)
  }

  /// Names how a process ended.
  static func reason(_ termination: Subprocess.Termination) -> String {
    switch termination {
    case .exited(let status): return "exit status \(status)"
    case .signaled(let signal):
      let names: [Int32: String] = [
        4: "SIGILL", 5: "SIGTRAP", 6: "SIGABRT", 7: "SIGBUS", 8: "SIGFPE", 9: "SIGKILL",
        11: "SIGSEGV",
      ]
      return "signal \(names[signal] ?? String(signal))"
    case .timedOut, .stopped: return "time-out"
    }
  }

  /// The Swift runtime's message (`…: Fatal error: Index out of range`) from captured standard
  /// error, or how the process ended when there is none.
  static func trapMessage(_ stderr: String, reason: String) -> String {
    let lines = stderr.split(separator: "\n").map(String.init)
    if let fatal = lines.last(where: { $0.contains("Fatal error") || $0.contains("fatal error") }) {
      return fatal.trimmingCharacters(in: .whitespaces)
    }
    if reason.hasSuffix("SIGILL") || reason.hasSuffix("SIGTRAP") {
      return "trapped (\(reason)): a failed runtime check such as an index out of range, an"
        + " arithmetic overflow or a nil force-unwrapped (optimised builds print no message)"
    }
    return "the program ended with \(reason)"
  }

  /// `lesson.md:LINE` when the trap message starts with the lesson's path and a line.
  static func trapLocation(_ message: String, file: String) -> String? {
    guard message.hasPrefix(file + ":") else { return nil }
    let rest = message.dropFirst(file.count + 1)
    let digits = rest.prefix { $0.isNumber }
    return digits.isEmpty ? nil : "\(file):\(digits)"
  }

  private func seconds(since start: ContinuousClock.Instant) -> Double {
    let parts = (ContinuousClock.now - start).components
    return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
  }

  /// A time limit as messages write it: `2.5 s`, `30 s`.
  static func limit(_ seconds: Double) -> String {
    seconds == seconds.rounded() ? "\(Int(seconds)) s" : String(format: "%.1f s", seconds)
  }
}
