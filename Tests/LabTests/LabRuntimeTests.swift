import Foundation
import LabRecords
import Testing

@testable import Lab

/// A runtime writing records to a fresh temporary file.
func makeRuntime(memo: Bool = false, skipping: Set<Int> = []) throws -> (LabRuntime, String) {
  let directory = NSTemporaryDirectory() + "ticketbook-lab-" + UUID().uuidString
  try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
  let configuration = LabRuntime.Configuration(
    recordsPath: directory + "/records.jsonl", memoDirectory: memo ? directory + "/memo" : nil,
    engineBuild: "engine", datasetChecksum: "data", skippedCells: skipping)
  return (LabRuntime(configuration: configuration), directory)
}

/// The records written so far.
func records(in directory: String) -> [LabRecord] {
  RecordLog.records(
    in: FileManager.default.contents(atPath: directory + "/records.jsonl") ?? Data())
}

struct LabRuntimeTests {
  @Test func cellBoundariesAndInlineValuesAreRecorded() throws {
    let (runtime, directory) = try makeRuntime()
    runtime.beginCell(0)
    #expect(runtime.cell == 0)
    runtime.endCell(0)
    runtime.inline(0) { 0.1 + 0.2 }
    let written = records(in: directory)
    #expect(written.first == .cellStarted(cell: 0))
    guard case .cellFinished(0, let seconds) = written[1] else {
      Issue.record("expected cellFinished, got \(written)")
      return
    }
    #expect(seconds >= 0)
    #expect(written[2] == .inline(index: 0, text: "0.3"))
  }

  @Test func attemptRecordsThrownErrorAndSkipsCellsThatTrappedBefore() throws {
    struct Oops: Error {}
    let (runtime, directory) = try makeRuntime(skipping: [1])
    var ran: [Int] = []
    runtime.attempt(0) { throw Oops() }
    runtime.attempt(1) { ran.append(1) }
    runtime.attempt(2) { ran.append(2) }
    #expect(ran == [2])
    #expect(records(in: directory) == [.error(cell: 0, message: "error thrown: Oops()")])
  }

  @Test func configurationIsReadFromTheEnvironment() {
    let configuration = LabRuntime.Configuration.fromEnvironment([
      LabEnvironment.profile: "full", LabEnvironment.skipCells: "2,5",
      LabEnvironment.memoDirectory: "/m", LabEnvironment.records: "",
    ])
    #expect(configuration.profile == .full)
    #expect(configuration.skippedCells == [2, 5])
    #expect(configuration.memoDirectory == "/m")
    #expect(configuration.recordsPath == nil)
    #expect(LabRuntime.Configuration.fromEnvironment([:]).profile == .quick)
  }

  @Test func profilePicksTheValueForItself() {
    #expect(Profile.quick.pick(quick: 1, full: 20) == 1)
    #expect(Profile.full.pick(quick: 1, full: 20) == 20)
  }
}
