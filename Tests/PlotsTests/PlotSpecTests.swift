import Foundation
import Testing

@testable import Plots

@Test func specRoundTripsThroughJSON() throws {
  let spec = PlotSpec.line(
    title: "Accuracy", x: .log("Percent of weights remaining", reversed: true), y: "Accuracy",
    series: [
      Series(
        "lottery", x: [100, 10, 1], y: [0.98, 0.985, 0.95], lower: [0.97, 0.98, 0.94],
        upper: [0.99, 0.99, 0.96])
    ],
    annotations: [.horizontalLine(y: 0.98, label: "dense")])
  let data = try JSONEncoder().encode(spec)
  #expect(try JSONDecoder().decode(PlotSpec.self, from: data) == spec)
}

@Test func decodingFillsMissingKeysWithDefaults() throws {
  let json = #"{"x":{"label":"epoch"},"marks":[{"line":{"name":"a","x":[0,1],"y":[1,2]}}]}"#
  let spec = try JSONDecoder().decode(PlotSpec.self, from: Data(json.utf8))
  #expect(spec.width == 640)
  #expect(spec.x == "epoch")
  #expect(spec.marks == [.line(Series("a", x: [0, 1], y: [1, 2]))])
}

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

@Test func everyFixtureRoundTripsThroughJSON() throws {
  for spec in [
    Fixtures.lotteryTicket, Fixtures.scatter, Fixtures.histograms, Fixtures.mask,
    Fixtures.groupedBar, Fixtures.escaping,
  ] {
    let data = try JSONEncoder().encode(spec)
    #expect(try JSONDecoder().decode(PlotSpec.self, from: data) == spec)
  }
}

@Test func stringLiteralMakesALinearAxis() {
  let axis: Axis = "Epoch"
  #expect(axis == Axis(label: "Epoch", scale: .linear))
  #expect(Axis.log("Remaining", reversed: true).scale == .log)
}

@Test func constructorsBuildTheExpectedMarks() {
  let matrix = PlotSpec.heatmap(matrix: [[1, 2, 3], [4, 5, 6]])
  #expect(matrix.marks == [.heatmap(Heatmap(rows: 2, cols: 3, values: [1, 2, 3, 4, 5, 6]))])
  let bar = PlotSpec.bar(y: "acc", categories: ["a", "b"], values: [0.5, 0.7])
  #expect(
    bar.marks == [.bar(Bars(categories: ["a", "b"], groups: [BarGroup("", values: [0.5, 0.7])]))])
  let floats: [Float] = [0.5, 0.25]
  #expect(Series("f", x: floats, y: floats).y == [0.5, 0.25])
  #expect(Histogram("w", values: floats).values == [0.5, 0.25])
  #expect(Series("idx", y: [3, 4]).x == [0, 1])
}
