import Testing

@testable import Plots

private func geometry(_ spec: PlotSpec) -> Geometry {
  let metrics = Metrics(fontSize: 12)
  let chart = Chart(spec)
  return Geometry(chart, layout: Layout(chart, metrics: metrics), metrics: metrics)
}

@Test func pointsSplitIntoRunsAtUndrawableValues() {
  let spec = PlotSpec.line(x: "x", y: "y", series: [Series("s", y: [1, .nan, 2, 3, .nan])])
  guard case .line(_, _, let segments, _, _) = geometry(spec).marks[0] else {
    Issue.record("expected a line")
    return
  }
  #expect(segments.map(\.count) == [1, 2])
}

@Test func bandIsOneClosedPolygonPerRun() {
  let spec = PlotSpec.line(
    x: "x", y: "y",
    series: [
      Series("s", x: [0, 1, 2, 3], y: [1, 2, 3, 4], lower: [0, 1, .nan, 3], upper: [2, 3, 4, 5])
    ])
  guard case .line(_, _, _, let bands, _) = geometry(spec).marks[0] else {
    Issue.record("expected a line")
    return
  }
  #expect(bands.map(\.count) == [4, 2])
}

@Test func histogramOutlineStartsAndEndsOnTheBaseline() {
  guard case .histogram(_, let outline) = geometry(Fixtures.histograms).marks[0] else {
    Issue.record("expected a histogram")
    return
  }
  #expect(outline.first!.y == outline.last!.y)
  #expect(outline.allSatisfy { $0.y <= outline.first!.y })
}

@Test func groupedBarsSitSideBySideWithinTheirCategory() {
  guard case .bars(_, let rects) = geometry(Fixtures.groupedBar).marks[0] else {
    Issue.record("expected bars")
    return
  }
  #expect(rects.count == 12)
  let first = rects.prefix(3).map(\.rect)
  #expect(first[0].right <= first[1].left && first[1].right <= first[2].left)
  #expect(rects[0].rect.height > rects[1].rect.height)
}

@Test func referenceLineSpansThePlotArea() {
  let g = geometry(Fixtures.lotteryTicket)
  guard case .rule(let from, let to, let label, _, _) = g.annotations[0] else {
    Issue.record("expected a rule")
    return
  }
  #expect(from.y == to.y && from.x < to.x)
  #expect(label == "dense accuracy")
}
