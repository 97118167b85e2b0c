import Foundation
import Testing

@testable import Notebook

/// Scratch files live in directories `mkdtemp` made, never at a fixed name under /tmp.
@Suite struct ScratchDirectoryTests {
  @Test func scratchDirectoriesAreNewPrivateAndUnique() throws {
    let a = try #require(ScratchDirectory(prefix: "ticketbook-test"))
    let b = try #require(ScratchDirectory(prefix: "ticketbook-test"))
    defer {
      a.remove()
      b.remove()
    }
    #expect(a.path != b.path)
    let attributes = try FileManager.default.attributesOfItem(atPath: a.path)
    #expect(attributes[.type] as? FileAttributeType == .typeDirectory)
    #expect((attributes[.posixPermissions] as? Int) == 0o700)
  }

  @Test func aSymlinkPlantedAtTheOldVersionLogNameIsNotFollowed() throws {
    // The toolchain's version used to be captured in <tmp>/ticketbook-swiftc-version-<pid>,
    // opened with truncation: a symbolic link planted there redirected the write to its target.
    let victim = NSTemporaryDirectory() + "ticketbook-victim-" + UUID().uuidString
    try "precious".write(toFile: victim, atomically: true, encoding: .utf8)
    let planted = NSTemporaryDirectory() + "ticketbook-swiftc-version-\(getpid())"
    try? FileManager.default.removeItem(atPath: planted)
    try FileManager.default.createSymbolicLink(atPath: planted, withDestinationPath: victim)
    defer {
      try? FileManager.default.removeItem(atPath: planted)
      try? FileManager.default.removeItem(atPath: victim)
    }
    // `echo --version` stands in for `swiftc --version`: it prints its own version.
    #expect(Pipeline.toolchainVersion("/bin/echo").contains("echo"))
    #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious")
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: planted) == victim)
  }

  @Test func subprocessOutputIsNeverWrittenThroughASymlink() throws {
    let directory = try #require(ScratchDirectory(prefix: "ticketbook-test"))
    defer { directory.remove() }
    let victim = directory.path + "/victim"
    try "precious".write(toFile: victim, atomically: true, encoding: .utf8)
    let log = directory.path + "/out.log"
    try FileManager.default.createSymbolicLink(atPath: log, withDestinationPath: victim)
    let process = Subprocess(
      executable: "/bin/echo", arguments: ["overwritten"], environment: [:], outputPath: log,
      errorPath: log, timeout: 10)
    _ = try? process.run()
    #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious")
  }
}
