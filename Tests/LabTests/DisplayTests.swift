import Testing

@testable import Lab

struct DisplayTests {
  struct Run: Codable {
    var sparsity: Double
    var name: String
    var passed: Bool
    var extra: [Int]
  }

  @Test func codableRowsBecomeColumnsInDeclarationOrder() {
    let rows = [Run(sparsity: 0.5, name: "a", passed: true, extra: [1, 2])]
    let records = TableBuilder.records(rows)
    let columns = TableBuilder.columns(rows, records: records)
    #expect(columns == ["sparsity", "name", "passed", "extra"])
    #expect(columns.map { TableBuilder.text(records[0][$0]) } == ["0.5", "a", "true", "[1,2]"])
  }

  @Test func wholeNumbersPrintWithoutDecimals() {
    #expect(TableBuilder.text(.number(3)) == "3")
    #expect(TableBuilder.text(.number(88.125)) == "88.125")
    #expect(TableBuilder.text(nil) == "")
  }
}
