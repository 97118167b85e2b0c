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

@Test func whiskerMarkRoundTripsThroughJSON() throws {
  let mark = Mark.whiskers(
    WhiskerSet(
      categories: ["a", "b"],
      groups: [
        Whiskers("dense", mean: [0.98, 0.97], lower: [0.975, 0.96], upper: [0.985, 0.975]),
        Whiskers("ticket", mean: [0.981, 0.9704], lower: [0.98, 0.97], upper: [0.982, 0.971]),
      ]))
  let data = try JSONEncoder().encode(mark)
  let json = String(decoding: data, as: UTF8.self)
  #expect(json.hasPrefix(#"{"whiskers":{"#))
  #expect(try JSONDecoder().decode(Mark.self, from: data) == mark)
}

@Test func whiskerSetDecodesWithMissingKeysAsEmpty() throws {
  let json = #"{"whiskers":{"groups":[{"name":"a","mean":[1]}]}}"#
  let mark = try JSONDecoder().decode(Mark.self, from: Data(json.utf8))
  #expect(
    mark
      == .whiskers(
        WhiskerSet(categories: [], groups: [Whiskers("a", mean: [1], lower: [], upper: [])])))
}

@Test func whiskersFromSamplesTakeEachCategorysMeanMinAndMax() {
  let w = Whiskers("seeds", samples: [[1, 2, 6], [4], [], [.nan, 3, .infinity]])
  #expect(w.name == "seeds")
  #expect(w.mean[0] == 3 && w.lower[0] == 1 && w.upper[0] == 6)
  #expect(w.mean[1] == 4 && w.lower[1] == 4 && w.upper[1] == 4)
  // No finite sample: nothing to draw for that category.
  #expect(w.mean[2].isNaN && w.lower[2].isNaN && w.upper[2].isNaN)
  // Non-finite samples are left out.
  #expect(w.mean[3] == 3 && w.lower[3] == 3 && w.upper[3] == 3)
}
