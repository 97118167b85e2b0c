import Foundation
import Testing

@testable import Canonical

struct CanonicalJSONTests {
  struct Config: Codable {
    var zeta = 1
    var alpha = "a/b"
    var nested = ["y": 2, "x": 1]
  }

  @Test func keysAreSortedAndSlashesUnescaped() throws {
    #expect(
      try CanonicalJSON.string(Config()) == #"{"alpha":"a/b","nested":{"x":1,"y":2},"zeta":1}"#)
  }

  @Test func checksummedFileDetectsCorruption() throws {
    let path = NSTemporaryDirectory() + "ticketbook-checksum-" + UUID().uuidString
    try ChecksummedFile.write(Data("payload".utf8), to: path)
    #expect(try ChecksummedFile.read(path) == Data("payload".utf8))
    try Data("sha256:00\npayload".utf8).write(to: URL(fileURLWithPath: path))
    #expect(throws: ChecksummedFile.ReadError.corrupt(path)) { try ChecksummedFile.read(path) }
    #expect(throws: ChecksummedFile.ReadError.missing) { try ChecksummedFile.read(path + ".none") }
  }
}
