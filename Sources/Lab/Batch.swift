import Canonical
import Foundation
import LabRecords
import Lottery
import NeuralNet

#if canImport(Glibc)
  import Glibc
#endif

/// Runs a batch of independent experiments once each and returns their results in order; the
/// batch form of ``memo(_:_:)``.
///
/// Each result is stored under the experiment's name, as `memo(config) { … }` stores it, so a
/// later `memo` or `memoAll` of the same configuration loads it. The missing ones run where the
/// render says (`ticketbook render --jobs N --executor local|slurm`): locally as up to N
/// `ticketbook experiment run` processes at once, or as one Slurm job array; with one job, or
/// outside a render, one after another in this process. Every way computes the same bits, since
/// they all run the same engine build through ``RunnableExperiment/run(_:store:progress:)``.
/// Experiments that need another's result (a transfer its source) find it in the store, so put
/// the sources in an earlier batch.
///
///     let runs = try memoAll(Course.seeds.map { Course.lottery.with(seed: $0) })
public func memoAll<Config: RunnableExperiment>(
  _ configs: [Config], label: (Config) -> String = { "\(Config.kind) \($0.name)" }
) throws -> [Config.Result] {
  try Batch(runtime: _lab).results(configs, label: label)
}

/// How a lesson program runs the missing experiments of a batch, from the environment the
/// render gives it (``LabEnvironment``).
public struct BatchSettings: Sendable, Equatable {
  /// Where missing experiments run.
  public enum Executor: String, Sendable, Equatable {
    /// Processes on this machine, up to the job budget.
    case local
    /// One Slurm job array per batch.
    case slurm
  }

  /// The `ticketbook` executable that runs one experiment (nil: run in this process).
  public var executable: String?
  /// How many processes may compute at once.
  public var jobs: Int
  /// The directory of the render's job slots (nil: no shared budget).
  public var slotDirectory: String?
  /// Where missing experiments run.
  public var executor: Executor
  /// The Slurm partition (nil: the cluster's default).
  public var slurmPartition: String?
  /// Further `sbatch` arguments.
  public var slurmOptions: [String]

  /// Creates settings; by default every experiment runs in this process.
  public init(
    executable: String? = nil, jobs: Int = 1, slotDirectory: String? = nil,
    executor: Executor = .local, slurmPartition: String? = nil, slurmOptions: [String] = []
  ) {
    self.executable = executable
    self.jobs = jobs
    self.slotDirectory = slotDirectory
    self.executor = executor
    self.slurmPartition = slurmPartition
    self.slurmOptions = slurmOptions
  }

  /// Reads the settings a render put in the environment.
  public static func fromEnvironment(_ environment: [String: String]) -> BatchSettings {
    func value(_ name: String) -> String? {
      guard let value = environment[name], !value.isEmpty else { return nil }
      return value
    }
    return BatchSettings(
      executable: value(LabEnvironment.executable),
      jobs: value(LabEnvironment.jobs).flatMap(Int.init) ?? 1,
      slotDirectory: value(LabEnvironment.jobSlots),
      executor: value(LabEnvironment.executor).flatMap(Executor.init(rawValue:)) ?? .local,
      slurmPartition: value(LabEnvironment.slurmPartition),
      slurmOptions: (value(LabEnvironment.slurmOptions) ?? "").split(separator: "\n").map(
        String.init))
  }

  /// The render's job slots, when it shares a budget.
  public var slots: JobSlots? {
    slotDirectory.map { JobSlots(directory: $0, count: jobs) }
  }
}

/// A batch's experiment failed in its own process or Slurm task.
public struct BatchError: Error, CustomStringConvertible {
  /// Which experiments failed, each with its log.
  public var description: String
}

/// Runs batches of experiments for one runtime.
struct Batch {
  let runtime: LabRuntime

  private var memo: Memo { Memo(runtime: runtime) }
  private var settings: BatchSettings { runtime.configuration.batches }

  /// The results of `configs`, in order: the missing ones computed as the settings say.
  func results<Config: RunnableExperiment>(
    _ configs: [Config], label: (Config) -> String
  ) throws -> [Config.Result] {
    for config in configs { memo.recordSeeds(config.name, config: config) }
    let store = memo.store
    // What is stored already, loaded once (with the seconds each load took).
    var loaded: [String: (result: Config.Result, seconds: Double)] = [:]
    var missing: [Config] = []
    if let store {
      for config in configs where loaded[config.name] == nil {
        let start = ContinuousClock.now
        if let result = store.load(Config.Result.self, name: config.name) {
          loaded[config.name] = (result, LabRuntime.seconds(ContinuousClock.now - start))
        } else if !missing.contains(where: { $0.name == config.name }) {
          missing.append(config)
        }
      }
    }
    // Seconds from the batch's start until each experiment computed elsewhere was stored.
    var computed: [String: Double] = [:]
    if let store, let executable = settings.executable {
      switch settings.executor {
      case .local where settings.jobs > 1 && missing.count > 1:
        computed = try runLocally(missing, executable: executable, store: store, label: label)
      case .slurm where !missing.isEmpty:
        computed = try runOnSlurm(missing, executable: executable, store: store)
      default:
        break
      }
    }
    // The rest: loaded above, computed by the batch's processes (recorded as computed in this
    // run, as they were), or computed here.
    return try configs.map { config in
      if let (result, seconds) = loaded[config.name] {
        memo.record(config.name, config.name, hit: true, seconds: seconds)
        return result
      }
      if let seconds = computed.removeValue(forKey: config.name),
        let result = store?.load(Config.Result.self, name: config.name)
      {
        memo.record(config.name, config.name, hit: false, seconds: seconds)
        return result
      }
      return try memo.value(config.name, storeName: config.name) {
        try Config.run(config, store: store, progress: tracking(label(config)))
      }
    }
  }

  // MARK: - Local processes

  /// Runs `configs` as `ticketbook experiment run` processes, `jobs` at a time; this program's
  /// job slot goes to them while it waits.
  private func runLocally<Config: RunnableExperiment>(
    _ configs: [Config], executable: String, store: ResultStore, label: (Config) -> String
  ) throws -> [String: Double] {
    let start = ContinuousClock.now
    var seconds: [String: Double] = [:]
    let directory = try batchDirectory(
      runtime.configuration.runDirectory ?? store.directory.path, configs.map(\.name))
    let files = try writeRequests(configs, into: directory)
    let bar = ProgressReporter(
      label: "\(configs.count) experiments in \(min(settings.jobs, configs.count)) processes",
      total: configs.count, runtime: runtime)
    runtime.slot?.release()
    defer { runtime.slot = settings.slots?.acquire() }
    var environment = ProcessInfo.processInfo.environment
    environment[LabEnvironment.parentProcess] = String(getpid())
    environment[LabEnvironment.storeContext] = try? CanonicalJSON.string(store.context)
    var running: [(index: Int, process: Process)] = []
    var failures: [String] = []
    var next = 0
    func collect(_ entry: (index: Int, process: Process)) {
      bar.advance()
      seconds[configs[entry.index].name] = LabRuntime.seconds(ContinuousClock.now - start)
      let status = entry.process.terminationStatus
      let reason = entry.process.terminationReason == .uncaughtSignal ? "signal" : "exit status"
      if status != 0 {
        failures.append(
          "experiment \(configs[entry.index].name) failed in its process (\(reason) \(status)"
            + (Self.lastLine(of: files[entry.index].log).map { ": " + $0 } ?? "")
            + "); its log: \(files[entry.index].log)")
      }
    }
    while next < configs.count || !running.isEmpty {
      while next < configs.count && running.count < settings.jobs {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [
          "experiment", "run", files[next].request, "--memo-dir", store.directory.path,
        ]
        process.environment = environment
        FileManager.default.createFile(atPath: files[next].log, contents: nil)
        let log = FileHandle(forWritingAtPath: files[next].log)
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        defer { try? log?.close() }
        do {
          try process.run()
        } catch {
          failures.append("experiment \(configs[next].name): cannot start \(executable): \(error)")
          next += 1
          continue
        }
        running.append((next, process))
        next += 1
      }
      guard !running.isEmpty else { break }
      // Poll (20 times a second: nothing next to an experiment's seconds) for finished ones.
      var done: [(index: Int, process: Process)] = []
      while done.isEmpty {
        usleep(50_000)
        done = running.filter { !$0.process.isRunning }
      }
      running.removeAll { entry in done.contains { $0.index == entry.index } }
      done.forEach(collect)
    }
    if !failures.isEmpty {
      throw BatchError(
        description: "\(failures.count) of \(configs.count) experiments of the batch failed: "
          + failures.joined(separator: "; "))
    }
    try? FileManager.default.removeItem(atPath: directory)
    return seconds
  }

  // MARK: - Slurm

  /// Submits `configs` as one Slurm job array, each task running `ticketbook experiment run`
  /// with the store in the shared memo directory, and waits for it; this program's job slot is
  /// free meanwhile (the cluster computes).
  private func runOnSlurm<Config: RunnableExperiment>(
    _ configs: [Config], executable: String, store: ResultStore
  ) throws -> [String: Double] {
    let start = ContinuousClock.now
    let directory = try batchDirectory(store.directory.path, configs.map(\.name))
    let files = try writeRequests(configs, into: directory)
    // The task's environment: the engine build, dataset checksum, OpenBLAS kernels and the
    // store's whole key context travel with the job (a node must compute and store what this
    // machine would); this machine's process ids and job slots do not.
    var environment = ProcessInfo.processInfo.environment
    let render = environment[LabEnvironment.parentProcess] ?? String(getpid())
    environment[LabEnvironment.parentProcess] = nil
    environment[LabEnvironment.jobSlots] = nil
    environment[LabEnvironment.storeContext] = try? CanonicalJSON.string(store.context)
    let coreType = environment["OPENBLAS_CORETYPE"] ?? BLAS.coreName
    let script = directory + "/task.sh"
    let body = """
      #!/bin/sh
      # One experiment of a ticketbook batch: task $SLURM_ARRAY_TASK_ID of the array.
      export OPENBLAS_CORETYPE=\(Self.shellQuoted(coreType))
      export OPENBLAS_NUM_THREADS=1
      exec \(Self.shellQuoted(executable)) experiment run \
        \(Self.shellQuoted(directory))/task-"$SLURM_ARRAY_TASK_ID".json \
        --memo-dir \(Self.shellQuoted(store.directory.path))

      """
    try body.write(toFile: script, atomically: true, encoding: .utf8)
    chmod(script, 0o755)
    // Named after the render, which cancels its arrays by this name when it is stopped.
    var arguments = [
      "--parsable", "--array=0-\(configs.count - 1)",
      "--job-name=\(LabEnvironment.slurmJobName(render: render))",
      "--output=\(directory)/slurm-%A_%a.out", "--cpus-per-task=1", "--chdir=\(directory)",
    ]
    if let partition = settings.slurmPartition { arguments.append("--partition=\(partition)") }
    arguments += settings.slurmOptions
    arguments.append(script)
    let submitted = try Self.capture("sbatch", arguments, environment: environment)
    // `--parsable` prints "id" or "id;cluster" on standard output (site plugins may talk on
    // standard error).
    let firstLine = submitted.output.split(whereSeparator: \.isNewline).first.map(String.init)
    guard submitted.status == 0,
      let jobID = firstLine?.split(separator: ";").first.map(String.init),
      !jobID.isEmpty, jobID.allSatisfy(\.isNumber)
    else {
      throw BatchError(
        description: "sbatch did not submit the batch of \(configs.count) experiments (exit "
          + "status \(submitted.status)): "
          + (submitted.output + " " + submitted.errors)
          .split(whereSeparator: \.isNewline).joined(separator: " / "))
    }
    let bar = ProgressReporter(
      label: "\(configs.count) experiments in Slurm job array \(jobID)", total: configs.count,
      runtime: runtime)
    runtime.slot?.release()
    defer { runtime.slot = settings.slots?.acquire() }
    func stored() -> [Bool] {
      configs.map { FileManager.default.fileExists(atPath: store.path(for: $0.name).path) }
    }
    var seconds: [String: Double] = [:]
    func note(_ done: [Bool]) {
      for (config, isDone) in zip(configs, done) where isDone && seconds[config.name] == nil {
        seconds[config.name] = LabRuntime.seconds(ContinuousClock.now - start)
      }
      bar.update(done: done.filter { $0 }.count, total: configs.count)
    }
    // Wait until no task is left in the queue: poll every 5 s; when `squeue` keeps failing
    // (the controller away for a minute), go on and judge by the stored results.
    var failedQueries = 0
    while failedQueries < 12 {
      usleep(failedQueries == 0 && seconds.isEmpty ? 1_000_000 : 5_000_000)
      let done = stored()
      note(done)
      if done.allSatisfy({ $0 }) { break }
      let queue = try? Self.capture(
        "squeue", ["--noheader", "--jobs=\(jobID)", "--format=%i"], environment: environment)
      guard let queue, queue.status == 0 else {
        failedQueries += 1
        continue
      }
      failedQueries = 0
      if queue.output.split(whereSeparator: \.isNewline).isEmpty { break }
    }
    // A file renamed on a node may reach this machine's view of a network file system late.
    var done = stored()
    for _ in 0..<15 where !done.allSatisfy({ $0 }) {
      usleep(2_000_000)
      done = stored()
    }
    note(done)
    let failed = configs.indices.filter {
      store.load(Config.Result.self, name: configs[$0].name) == nil
    }
    if !failed.isEmpty {
      throw BatchError(
        description: "\(failed.count) of \(configs.count) experiments of Slurm job array "
          + "\(jobID) stored no result: "
          + failed.map { index in
            let log = "\(directory)/slurm-\(jobID)_\(index).out"
            return "experiment \(configs[index].name) (task \(index)"
              + (Self.lastLine(of: log).map { ": " + $0 } ?? "") + "); its Slurm log: \(log)"
          }.joined(separator: "; "))
    }
    try? FileManager.default.removeItem(atPath: directory)
    return seconds
  }

  // MARK: - Files

  /// A directory for one batch's requests and logs under `parent` (for Slurm the memo
  /// directory, which every node shares; locally the lesson's run directory); removed when the
  /// batch succeeds, kept with its logs when it fails.
  private func batchDirectory(_ parent: String, _ names: [String]) throws -> String {
    let digest = SHA256.hexDigest(names.joined(separator: "\n")).prefix(12)
    let directory =
      URL(fileURLWithPath: parent).appendingPathComponent("batches").appendingPathComponent(
        "\(getpid())-\(digest)"
      ).path
    try FileManager.default.createDirectory(
      atPath: directory, withIntermediateDirectories: true)
    return directory
  }

  /// Writes each configuration's request file; returns the request and log paths.
  private func writeRequests<Config: RunnableExperiment>(
    _ configs: [Config], into directory: String
  ) throws -> [(request: String, log: String)] {
    try configs.enumerated().map { index, config in
      let request = directory + "/task-\(index).json"
      try ExperimentRequest(config).json().write(
        to: URL(fileURLWithPath: request), options: .atomic)
      return (request, directory + "/task-\(index).log")
    }
  }

  /// The last non-empty line of a log: where the process said why it failed.
  static func lastLine(of path: String) -> String? {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8),
      let last = text.split(whereSeparator: \.isNewline).last(where: {
        !$0.trimmingCharacters(in: .whitespaces).isEmpty
      })
    else { return nil }
    return last.trimmingCharacters(in: .whitespaces)
  }

  /// `value` quoted for `/bin/sh`.
  static func shellQuoted(_ value: String) -> String {
    "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }

  /// Runs `command` (found on PATH) and returns its exit status, standard output and
  /// standard error.
  static func capture(_ command: String, _ arguments: [String], environment: [String: String])
    throws -> (status: Int32, output: String, errors: String)
  {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [command] + arguments
    process.environment = environment
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // Standard error is read on another thread, so neither pipe can fill up and block.
    let errorData = LockedData()
    let reader = Thread { errorData.set(errors.fileHandleForReading.readDataToEndOfFile()) }
    reader.start()
    let out = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    while !errorData.isSet { usleep(1_000) }
    return (
      process.terminationStatus, String(decoding: out, as: UTF8.self),
      String(decoding: errorData.get(), as: UTF8.self)
    )
  }
}

/// Bytes handed from one thread to another.
private final class LockedData: @unchecked Sendable {
  private let lock = NSLock()
  private var data: Data?
  func set(_ value: Data) { lock.withLock { data = value } }
  func get() -> Data { lock.withLock { data ?? Data() } }
  var isSet: Bool { lock.withLock { data != nil } }
}
