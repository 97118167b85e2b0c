import Foundation
import LabRecords
import Testing

struct LabRecordTests {
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

  @Test func checksOutsideTheirProfilesAreShownButDoNotFail() throws {
    let unenforced = CheckRecord(
      claim: "c", passed: false, measured: "m", file: "f.md", line: 3, enforced: false)
    let enforced = CheckRecord(claim: "c", passed: false, measured: "m", file: "f.md", line: 3)
    #expect(!unenforced.failed && enforced.failed)
    // Records written before `enforced` existed decode as enforced.
    let old = #"{"claim":"c","file":"f.md","line":3,"measured":"m","passed":false}"#
    let decoded = try JSONDecoder().decode(CheckRecord.self, from: Data(old.utf8))
    #expect(decoded.enforced && decoded.failed)
  }
}
