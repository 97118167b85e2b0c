import ArgumentParser
import Foundation
import LabRecords
import Lottery
import Notebook

/// `ticketbook experiment`: experiments run by value, outside any lesson.
struct ExperimentCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "experiment",
    abstract: "Run one experiment from its JSON configuration into the result store.",
    subcommands: [ExperimentRun.self, ExperimentName.self])
}

/// `ticketbook experiment run FILE`: what a lesson's `memoAll` starts for each missing
/// experiment, locally or as a Slurm array task.
struct ExperimentRun: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run the experiment FILE describes and store its result under its name.",
    discussion: """
      FILE holds {"kind": K, "config": {…}} (canonical JSON; kinds: \
      \(ExperimentRegistry.kindNames.joined(separator: ", "))). The result is stored \
      in the memo directory under the name and key a lesson's `memo(config)` uses (the engine \
      build, i.e. this build's libLab.so, the dataset checksum, the OpenBLAS kernels), so the \
      lesson loads it instead of training. Nothing runs when it is stored already.
      """)

  @Argument(help: "The experiment request (JSON).")
  var file: String

  @Option(help: "The memo directory the result is stored in (default: $TICKETBOOK_MEMO_DIR).")
  var memoDir: String?

  func run() throws {
    let environment = ProcessInfo.processInfo.environment
    // Started by a lesson program: die with it, and compute only in one of the render's slots.
    if let parent = environment[LabEnvironment.parentProcess].flatMap(Int32.init) {
      ProcessLifetime.dieWithParent(parent)
    }
    let slot = BatchSlot.acquire(environment)
    defer { slot?.release() }
    guard let memo = memoDir ?? environment[LabEnvironment.memoDirectory], !memo.isEmpty else {
      throw ValidationError("no memo directory: pass --memo-dir or set TICKETBOOK_MEMO_DIR")
    }
    let (lab, identity) = try Self.identity(environment: environment)
    var arguments: [String: Any] = [
      "file": file, "memoDirectory": URL(fileURLWithPath: memo).standardized.path,
      "engineBuild": identity.engineBuild, "datasetChecksum": identity.datasetChecksum,
    ]
    if let context = environment[LabEnvironment.storeContext],
      let object = try? JSONSerialization.jsonObject(with: Data(context.utf8))
    {
      arguments["expectedContext"] = object
    }
    let json = String(
      decoding: try JSONSerialization.data(withJSONObject: arguments, options: [.sortedKeys]),
      as: UTF8.self)
    // The experiment runs in the Lab library itself, loaded here: the code that computes is
    // the code whose digest is the engine build in the result's key.
    guard let handle = dlopen(lab.libraryPath, RTLD_NOW | RTLD_LOCAL),
      let entry = dlsym(handle, "ticketbook_run_experiment")
    else {
      Terminal.error(
        "error: cannot load the experiment runner from \(lab.libraryPath): "
          + (dlerror().map { String(cString: $0) } ?? "unknown error"))
      throw ExitCode.failure
    }
    typealias Entry = @convention(c) (UnsafePointer<CChar>) -> Int32
    let status = json.withCString { unsafeBitCast(entry, to: Entry.self)($0) }
    if status != 0 { throw ExitCode(status) }
  }

  /// The Lab library beside this executable and its identity (the engine build and the
  /// dataset checksum, computed as a render computes them), checked against what the starting
  /// render passed down.
  static func identity(environment: [String: String]) throws -> (
    LabLibrary, (engineBuild: String, datasetChecksum: String)
  ) {
    let lab: LabLibrary
    do {
      lab = try LabLibrary.locate(
        explicit: LabLibrary.executableDirectory(), environment: environment)
    } catch {
      Terminal.error(error.message)
      throw ExitCode.failure
    }
    let dataset = LabEnvironment.datasetDirectory(in: environment).directory
    let identity = Pipeline.identity(
      lab: lab, datasetDirectory: dataset, digestStore: NotebookOptions.defaultDigestStore())
    for (variable, mine) in [
      (LabEnvironment.engineBuild, identity.engineBuild),
      (LabEnvironment.datasetChecksum, identity.datasetChecksum),
    ] {
      if let expected = environment[variable], !expected.isEmpty, expected != mine {
        Terminal.error(
          "error: \(variable) is \(expected) but this process has \(mine) (\(lab.libraryPath), "
            + "\(dataset)): a node must run the render's own build and data, or its results "
            + "would be stored under another key")
        throw ExitCode.failure
      }
    }
    return (lab, identity)
  }
}

/// `ticketbook experiment name FILE`: the store name of the experiment a request holds.
struct ExperimentName: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "name", abstract: "Print the name the experiment FILE describes is stored under.")

  @Argument(help: "The experiment request (JSON).")
  var file: String

  func run() throws {
    do {
      let data = try Data(contentsOf: URL(fileURLWithPath: file))
      print(try ExperimentRegistry.describe(data, file: file).name)
    } catch let error as ExperimentRequestError {
      Terminal.error("error: \(error.description)")
      throw ExitCode.failure
    } catch {
      Terminal.error("error: \(file): cannot read: \(error.localizedDescription)")
      throw ExitCode.failure
    }
  }
}

/// The render's job slot an experiment process computes in.
enum BatchSlot {
  /// Waits for one of the render's slots when started by one (nil otherwise).
  static func acquire(_ environment: [String: String]) -> JobSlots.Slot? {
    guard let directory = environment[LabEnvironment.jobSlots], !directory.isEmpty else {
      return nil
    }
    let jobs = environment[LabEnvironment.jobs].flatMap(Int.init) ?? 1
    return JobSlots(directory: directory, count: jobs).acquire()
  }
}
