import LabRecords
import Testing

@testable import Lab

struct ProgressTests {
  @Test func reporterWritesStartAndFinalStateThrottlingInBetween() throws {
    let (runtime, directory) = try makeRuntime()
    let reporter = ProgressReporter(label: "epochs", total: 1000, runtime: runtime)
    for _ in 0..<1000 { reporter.advance() }
    let states = records(in: directory).compactMap { record -> Int? in
      if case .progress(_, "epochs", let done, 1000) = record { return done }
      return nil
    }
    #expect(states.first == 0)
    #expect(states.last == 1000)
    #expect(states.count < 20)
    #expect(reporter.completed == 1000)
  }
}
