import Foundation
import Testing

/// `render --pdf` without Chromium is a clear error, before any lesson runs.
struct PageFormatsTests {
  let binary =
    URL(
      fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        ?? ""
    )
    .deletingLastPathComponent().appendingPathComponent("ticketbook").path

  @Test func pdfWithoutChromiumNamesTheDebianPackageAndExits1() throws {
    let directory = NSTemporaryDirectory() + "ticketbook-pdf-" + UUID().uuidString
    try FileManager.default.createDirectory(
      atPath: directory + "/lessons", withIntermediateDirectories: true)
    try "# One\n\nText.\n".write(
      toFile: directory + "/lessons/01-one.md", atomically: true, encoding: .utf8)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = ["render", "--pdf", "--profile", "quick"]
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    var environment = ProcessInfo.processInfo.environment
    environment["TICKETBOOK_CHROMIUM"] = directory + "/no-chromium"
    environment["PATH"] = "/nonexistent"
    environment["TICKETBOOK_SWIFTC"] = "/usr/bin/true"
    process.environment = environment
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 1, "\(text)")
    #expect(text.contains("apt-get install -y chromium"), "\(text)")
    #expect(!FileManager.default.fileExists(atPath: directory + "/output/01-one.html"))
  }
}
