import Canonical
import Foundation
import Lottery

/// What `ticketbook experiment run` asks this library to do (JSON through the C entry point).
struct ExperimentEntryArguments: Codable {
  /// The request file (`{"kind": …, "config": …}`).
  var file: String
  /// The memo directory the result goes to.
  var memoDirectory: String
  /// The engine build: the digest of this library's file.
  var engineBuild: String
  /// The dataset checksum.
  var datasetChecksum: String
  /// The store context the starting lesson program uses (nil: none given); a different one
  /// here (other OpenBLAS kernels or SIMD level) is an error, not a result under another key.
  var expectedContext: [String: String]?
}

/// Runs one experiment by value and stores its result: the entry point `ticketbook experiment
/// run` calls after loading this library with `dlopen`, so the code that computes is the code
/// whose digest (the engine build) names the result. `arguments` is the JSON of
/// ``ExperimentEntryArguments``; returns the exit status (0 stored or already stored, 1 failed).
@_cdecl("ticketbook_run_experiment")
public func ticketbookRunExperiment(_ arguments: UnsafePointer<CChar>) -> Int32 {
  func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
  func fail(_ line: String) -> Int32 {
    FileHandle.standardError.write(Data(("error: " + line + "\n").utf8))
    return 1
  }
  guard
    let parsed = try? JSONDecoder().decode(
      ExperimentEntryArguments.self, from: Data(String(cString: arguments).utf8))
  else { return fail("ticketbook_run_experiment: malformed arguments") }
  let store = ResultStore(
    directory: URL(fileURLWithPath: parsed.memoDirectory),
    context: ResultStore.engineContext(
      engineBuild: parsed.engineBuild, datasetChecksum: parsed.datasetChecksum))
  if let expected = parsed.expectedContext, expected != store.context {
    let differing = Set(expected.keys).union(store.context.keys).sorted().filter {
      expected[$0] != store.context[$0]
    }.map { "\($0) \(expected[$0] ?? "none") there, \(store.context[$0] ?? "none") here" }
    return fail(
      "this process would store its result under another key than the lesson looks up ("
        + differing.joined(separator: ", ") + "): run it where the render runs, with the same "
        + "OPENBLAS_CORETYPE, on a CPU with the same instruction set")
  }
  let data: Data
  do {
    data = try Data(contentsOf: URL(fileURLWithPath: parsed.file))
  } catch {
    return fail("\(parsed.file): cannot read: \(error.localizedDescription)")
  }
  let start = ContinuousClock.now
  do {
    let (name, kind) = try ExperimentRegistry.describe(data, file: parsed.file)
    say(
      "experiment \(name) (\(kind)): engine \(parsed.engineBuild.prefix(16)), OpenBLAS "
        + "\(store.context["blas"] ?? "?"), SIMD level \(store.context["simd"] ?? "?")")
    var lastReport = ContinuousClock.now
    let outcome = try ExperimentRegistry.run(data, file: parsed.file, store: store) { step in
      guard ContinuousClock.now - lastReport > .seconds(10) else { return }
      lastReport = .now
      say("  \(step.stage): \(step.done) of \(step.total)")
    }
    // A store that could not be written is a failure here: the lesson would find nothing.
    guard FileManager.default.fileExists(atPath: store.path(for: outcome.name).path) else {
      return fail("\(parsed.file): the result could not be stored in \(store.directory.path)")
    }
    let seconds = LabRuntime.seconds(ContinuousClock.now - start)
    say(
      "experiment \(outcome.name) "
        + (outcome.store == .hit ? "was already stored" : "stored") + " in "
        + store.path(for: outcome.name).path + " (" + String(format: "%.1f", seconds) + " s)")
    return 0
  } catch let error as ExperimentRequestError {
    return fail(error.description)
  } catch {
    return fail("\(parsed.file): the experiment failed: \(error)")
  }
}
