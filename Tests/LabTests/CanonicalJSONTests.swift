import Foundation
import Testing

@testable import LabRecords

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

  @Test func recordsRoundTripThroughTheLogAndTornLinesAreSkipped() throws {
    let records: [LabRecord] = [
      .cellStarted(cell: 0),
      .check(
        cell: 0, check: CheckRecord(claim: "c", passed: true, measured: "m", file: "f.md", line: 3)),
      .table(cell: 0, table: TableRecord(columns: ["a", "b"], rows: [["x", "1.5"]])),
    ]
    var data = records.reduce(Data()) { $0 + RecordLog.line(for: $1) }
    data.append(Data(#"{"cellFinished":{"ce"#.utf8))
    #expect(RecordLog.records(in: data) == records)
  }

  @Test func tableNumericColumnsAreDetected() {
    #expect(
      TableRecord(columns: ["a", "b"], rows: [["x", "1.5"], ["y", "20%"]]).numeric == [false, true])
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
