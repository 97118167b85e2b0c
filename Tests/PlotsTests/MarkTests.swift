import Foundation
import Testing

@testable import Plots

@Test func markJSONNamesTheKindOnce() throws {
  let data = try JSONEncoder().encode(Mark.scatter(Series("s", x: [1], y: [2])))
  let json = String(decoding: data, as: UTF8.self)
  #expect(json.hasPrefix(#"{"scatter":{"#))
  #expect(try JSONDecoder().decode(Mark.self, from: data) == .scatter(Series("s", x: [1], y: [2])))
}

@Test func markWithTwoKindsIsRejected() {
  let json = #"{"line":{"name":"a"},"scatter":{"name":"b"}}"#
  #expect(throws: DecodingError.self) { try JSONDecoder().decode(Mark.self, from: Data(json.utf8)) }
}

@Test func heatmapFromRaggedMatrixPadsShortRowsWithBlanks() {
  let map = Heatmap(matrix: [[1, 2, 3], [4]])
  #expect(map.rows == 2 && map.cols == 3)
  #expect(map.values[0..<4] == [1, 2, 3, 4])
  #expect(map.values[4].isNaN && map.values[5].isNaN)
}

@Test func floatValuesConvertToDoubles() {
  let floats: [Float] = [0.5, 0.25]
  #expect(Series("f", x: floats, y: floats).y == [0.5, 0.25])
  #expect(Histogram("w", values: floats).values == [0.5, 0.25])
  #expect(Series("idx", y: [3, 4]).x == [0, 1])
}

@Test func annotationsEncodeWithLabelledFields() throws {
  let data = try JSONEncoder().encode(Annotation.horizontalLine(y: 0.98, label: "dense"))
  let json = String(decoding: data, as: UTF8.self)
  #expect(json.contains(#""horizontalLine""#) && json.contains(#""label":"dense""#))
  #expect(
    try JSONDecoder().decode(Annotation.self, from: data)
      == .horizontalLine(y: 0.98, label: "dense"))
}
