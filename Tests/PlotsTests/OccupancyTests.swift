import Testing

@testable import Plots

@Test func pointInPolygonFollowsTheEvenOddRule() {
  let square = [Point(x: 0, y: 0), Point(x: 10, y: 0), Point(x: 10, y: 10), Point(x: 0, y: 10)]
  #expect(Occupancy.contains(square, Point(x: 5, y: 5)))
  #expect(!Occupancy.contains(square, Point(x: 15, y: 5)))
}

@Test func occupancyCountsDataUnderABoxAndNothingElsewhere() {
  let metrics = Metrics(fontSize: 12)
  let spec = PlotSpec.line(x: "x", y: "y", series: [Series("rising", x: [0, 1], y: [0, 1])])
  let chart = Chart(spec)
  let layout = Layout(chart, metrics: metrics)
  let occupancy = Occupancy(chart, layout: layout, metrics: metrics)
  let f = layout.frame
  let middle = Frame(
    left: f.left + f.width / 2 - 10, top: f.top + f.height / 2 - 10,
    right: f.left + f.width / 2 + 10, bottom: f.top + f.height / 2 + 10)
  let topLeft = Frame(left: f.left + 5, top: f.top + 5, right: f.left + 60, bottom: f.top + 30)
  #expect(occupancy.count(in: middle, margin: 0) > 0)
  #expect(occupancy.count(in: topLeft, margin: 0) == 0)
}

@Test func occupancyCountsWhiskersAndTheirPoints() {
  let metrics = Metrics(fontSize: 12)
  let chart = Chart(Fixtures.whiskers)
  let layout = Layout(chart, metrics: metrics)
  let occupancy = Occupancy(chart, layout: layout, metrics: metrics)
  guard
    case .whiskers(_, let glyphs, _) = Geometry(chart, layout: layout, metrics: metrics).marks[0]
  else {
    Issue.record("expected whiskers")
    return
  }
  for glyph in glyphs {
    let (lower, upper) = glyph.whisker!
    let mean = Frame(
      left: glyph.x - 1, top: glyph.mean! - 1, right: glyph.x + 1, bottom: glyph.mean! + 1)
    let whisker = Frame(left: glyph.x - 1, top: upper, right: glyph.x + 1, bottom: lower)
    #expect(occupancy.count(in: mean, margin: 0) > 0)
    #expect(occupancy.count(in: whisker, margin: 0) > 0)
  }
  // The legend, placed automatically, covers none of them.
  let legend = layout.legend!
  #expect(occupancy.count(in: legend, margin: 0) == 0)
}
