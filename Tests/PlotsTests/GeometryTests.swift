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

@Test func whiskerGroupsAreDodgedInCategoryOrderWithoutOverlap() {
  let spec = Fixtures.whiskers
  let metrics = Metrics(fontSize: 12)
  let chart = Chart(spec)
  let layout = Layout(chart, metrics: metrics)
  guard
    case .whiskers(_, let glyphs, let radius) = Geometry(chart, layout: layout, metrics: metrics)
      .marks[0]
  else {
    Issue.record("expected whiskers")
    return
  }
  #expect(glyphs.count == 6)
  #expect(glyphs.map(\.category) == [0, 0, 0, 1, 1, 1])
  #expect(glyphs.map(\.group) == [0, 1, 2, 0, 1, 2])
  // Left to right in category order, then group order, no two glyphs touching.
  let spans = glyphs.map { $0.span(radius: radius) }
  for (a, b) in zip(spans, spans.dropFirst()) {
    #expect(a.right < b.left)
  }
  // Each glyph stays inside its own category's band.
  let bands = CategoryBands(layout: layout, groups: 3)
  for (glyph, span) in zip(glyphs, spans) {
    let band = bands.band(glyph.category)!
    #expect(span.left > band.left && span.right < band.left + band.width)
  }
  // The mean sits on its whisker, lower values lower on the page.
  for glyph in glyphs {
    let whisker = glyph.whisker!
    #expect(whisker.lower > glyph.mean! && glyph.mean! > whisker.upper)
  }
}

@Test func whiskersLeaveOutWhatCannotBeDrawn() {
  let spec = PlotSpec.whiskers(
    y: "v", categories: ["a", "b", "c"],
    groups: [Whiskers("g", mean: [1, .nan, .nan], lower: [0.5, 1, .nan], upper: [1.5, 2])])
  guard case .whiskers(_, let glyphs, _) = geometry(spec).marks[0] else {
    Issue.record("expected whiskers")
    return
  }
  #expect(glyphs.map(\.category) == [0, 1])
  #expect(glyphs[1].mean == nil && glyphs[1].whisker != nil)
}

@Test func barsAndWhiskersShareCategorySlots() {
  let layout = Layout(Chart(Fixtures.groupedBar), metrics: Metrics(fontSize: 12))
  guard case .bars(_, let rects) = geometry(Fixtures.groupedBar).marks[0] else {
    Issue.record("expected bars")
    return
  }
  let bands = CategoryBands(layout: layout, groups: 3)
  for (i, (group, rect)) in rects.enumerated() {
    let slot = bands.slot(i / 3, group: group)!
    #expect(abs((rect.left + rect.right) / 2 - (slot.left + slot.width / 2)) < 1e-9)
  }
}
