import Foundation
import Testing

@testable import Notebook

struct SubprocessTests {
  func run(_ script: String, timeout: Double? = nil) throws -> (Subprocess.Termination, String) {
    let directory = try TestSupport.temporaryDirectory()
    let process = Subprocess(
      executable: "/bin/sh", arguments: ["-c", script], environment: ["PATH": "/usr/bin:/bin"],
      outputPath: directory + "/out", errorPath: directory + "/out", timeout: timeout)
    return (try process.run(), TestSupport.read(directory + "/out"))
  }

  @Test func exitStatusAndOutputAreReported() throws {
    let (termination, output) = try run("echo hi; echo err >&2; exit 3")
    #expect(termination == .exited(3))
    #expect(output == "hi\nerr\n")
  }

  @Test func processGroupIsKilledAtTimeout() throws {
    let start = ContinuousClock.now
    let (termination, _) = try run("sleep 30 & sleep 30", timeout: 0.5)
    #expect(termination == .timedOut)
    #expect(ContinuousClock.now - start < .seconds(10))
  }

  @Test func pollCanStopTheProcessGroup() throws {
    let directory = try TestSupport.temporaryDirectory()
    let process = Subprocess(
      executable: "/bin/sh", arguments: ["-c", "sleep 30 & sleep 30"],
      environment: ["PATH": "/usr/bin:/bin"], outputPath: directory + "/out",
      errorPath: directory + "/out", timeout: 60)
    let start = ContinuousClock.now
    var polls = 0
    let termination = try process.run {
      polls += 1
      return polls >= 3
    }
    #expect(termination == .stopped)
    #expect(ContinuousClock.now - start < .seconds(10))
  }

  @Test func signalIsReported() throws {
    #expect(try run("kill -SEGV $$").0 == .signaled(11))
  }
}
