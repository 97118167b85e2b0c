import Foundation
import Testing

@testable import Canonical

/// Atomic writes: per-process temporary names, stale ones removed only when their writer is
/// gone, and a failed write (here a file-size limit) that loses nothing.
@Suite struct StoredFilesTests {
  func directory() throws -> String {
    let path = NSTemporaryDirectory() + "ticketbook-stored-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  @Test func temporaryNamesHoldTheWriterProcess() {
    let name = AtomicFile.temporaryName(for: "01-one.html", writer: 4242)
    #expect(name.hasPrefix(".01-one.html.4242.") && name.hasSuffix(".tmp"))
    #expect(AtomicFile.writer(ofTemporary: name) == 4242)
    for other in ["01-one.html", ".01-one.html.tmp", ".a.x.1.tmp", "a.12.34.tmp", ".a.0.5.tmp"] {
      #expect(AtomicFile.writer(ofTemporary: other) == nil, "\(other)")
    }
  }

  @Test func writeLeavesOnlyTheFile() throws {
    let directory = try directory()
    try AtomicFile.write(Data("one".utf8), to: directory + "/sub/page.html")
    try AtomicFile.write(Data("two".utf8), to: directory + "/sub/page.html")
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: directory + "/sub") == ["page.html"])
    #expect(FileManager.default.contents(atPath: directory + "/sub/page.html") == Data("two".utf8))
  }

  @Test func staleTemporaryFilesOfDeadWritersAreRemovedAndLiveOnesKept() throws {
    let directory = try directory()
    // A writer that has exited: its pid is free (reaped) when the file is looked at.
    let finished = Process()
    finished.executableURL = URL(fileURLWithPath: "/bin/true")
    try finished.run()
    finished.waitUntilExit()
    let dead = finished.processIdentifier
    let live = getpid()
    try FileManager.default.createDirectory(
      atPath: directory + "/memo", withIntermediateDirectories: true)
    let stale = directory + "/memo/" + AtomicFile.temporaryName(for: "entry.json", writer: dead)
    let ours = directory + "/" + AtomicFile.temporaryName(for: "page.html", writer: live)
    let page = directory + "/page.html"
    for path in [stale, ours, page] {
      _ = FileManager.default.createFile(atPath: path, contents: Data())
    }
    #expect(AtomicFile.removeStale(under: directory) == [stale])
    #expect(!FileManager.default.fileExists(atPath: stale))
    #expect(FileManager.default.fileExists(atPath: ours))
    #expect(FileManager.default.fileExists(atPath: page))
  }

  @Test func aWriteBeyondTheFileSizeLimitFailsClearlyAndLosesNothing() async {
    // In a child process: a 4 KiB file-size limit with SIGXFSZ ignored, as on a full disk.
    await #expect(processExitsWith: .success) {
      let directory = NSTemporaryDirectory() + "ticketbook-fsize-" + UUID().uuidString
      try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
      let path = directory + "/page.html"
      try? AtomicFile.write(Data("before".utf8), to: path)
      signal(SIGXFSZ, SIG_IGN)
      var limit = rlimit(rlim_cur: 4096, rlim_max: 4096)
      setrlimit(Int32(RLIMIT_FSIZE.rawValue), &limit)
      do {
        try AtomicFile.write(Data(repeating: 65, count: 100_000), to: path)
        exit(2)
      } catch let error as AtomicFile.WriteError {
        guard error.description == "cannot write \(path): File too large" else { exit(3) }
      } catch {
        exit(4)
      }
      guard FileManager.default.contents(atPath: path) == Data("before".utf8) else { exit(5) }
      guard (try? FileManager.default.contentsOfDirectory(atPath: directory)) == ["page.html"]
      else { exit(6) }
      exit(0)
    }
  }
}
