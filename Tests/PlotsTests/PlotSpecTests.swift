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

@Test func everyFixtureRoundTripsThroughJSON() throws {
  for spec in [
    Fixtures.lotteryTicket, Fixtures.scatter, Fixtures.histograms, Fixtures.mask,
    Fixtures.groupedBar, Fixtures.escaping, Fixtures.whiskers, Fixtures.singleSeries,
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
