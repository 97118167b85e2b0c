import Foundation
import Testing

@testable import Plots

private func columnEnvelope(_ points: [Point]) -> [Double: (Double, Double)] {
  var envelope: [Double: (Double, Double)] = [:]
  for p in points {
    let column = p.x.rounded(.down)
    let (lo, hi) = envelope[column] ?? (p.y, p.y)
    envelope[column] = (min(lo, p.y), max(hi, p.y))
  }
  return envelope
}

@Test func thinningPreservesTheEnvelopeOfEveryPixelColumn() {
  var g = Fixtures.Generator(state: 42)
  let points = (0..<10_000).map { i in
    Point(x: Double(i) * 0.05, y: 200 + 80 * sin(Double(i) / 300) + 30 * g.normal())
  }
  let thinned = Thinning.minMaxPerColumn(points)
  let before = columnEnvelope(points)
  let after = columnEnvelope(thinned)
  #expect(before.count == after.count)
  for (column, range) in before {
    #expect(after[column]! == range)
  }
  #expect(thinned.first == points.first)
  #expect(thinned.last == points.last)
}

@Test func thinnedPointCountIsBoundedByFourPerColumn() {
  let points = (0..<10_000).map { i in Point(x: Double(i) / 20, y: Double(i % 37)) }
  let thinned = Thinning.minMaxPerColumn(points)
  #expect(thinned.count <= 4 * 500)
  #expect(thinned.count >= 2 * 500)
}

@Test func thinningKeepsShortSeriesUntouched() {
  let points = [Point(x: 0, y: 0), Point(x: 0.1, y: 5), Point(x: 0.2, y: 1)]
  #expect(Thinning.minMaxPerColumn(points) == points)
}

@Test func distinctPixelsDropsPointsDrawnOnTopOfEachOther() {
  let points = [Point(x: 1, y: 1), Point(x: 1.1, y: 1.1), Point(x: 5, y: 5)]
  #expect(Thinning.distinctPixels(points) == [Point(x: 1, y: 1), Point(x: 5, y: 5)])
}

@Test func longSeriesRenderWithBoundedPathSize() {
  let x = (0..<10_000).map(Double.init)
  let y = x.map { sin($0 / 50) + 0.1 * sin($0 * 1.7) }
  let svg = SVGRenderer().render(
    .line(x: "step", y: "loss", series: [Series("", x: x, y: y)]), id: "long")
  let line = svg.components(separatedBy: "\n").first { $0.contains("tb-line") } ?? ""
  let vertices = line.filter { $0 == "L" }.count + 1
  #expect(vertices < 4 * 640)
}
