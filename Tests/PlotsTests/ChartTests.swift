import Testing

@testable import Plots

@Test func overlaidHistogramsShareTheirBinEdges() {
  let spec = PlotSpec.histogram(
    x: "w",
    [
      Histogram("before", values: [-1, -0.5, 0, 0.5, 1], bins: 4),
      Histogram("after", values: [-1, 1]),
    ])
  let chart = Chart(spec)
  #expect(chart.histograms[0]!.edges == [-1, -0.5, 0, 0.5, 1])
  #expect(chart.histograms[1]!.edges == chart.histograms[0]!.edges)
  #expect(chart.histograms[0]!.heights == [1, 1, 1, 2])
  #expect(chart.histograms[1]!.heights == [1, 0, 0, 1])
}

@Test func histogramDensityIntegratesToOne() {
  let values = (0..<1000).map { Double($0 % 97) / 10 }
  let chart = Chart(.histogram(x: "v", [Histogram("", values: values, bins: 7, density: true)]))
  let binned = chart.histograms[0]!
  var area = 0.0
  for (i, h) in binned.heights.enumerated() { area += h * (binned.edges[i + 1] - binned.edges[i]) }
  #expect(abs(area - 1) < 1e-9)
}

@Test func histogramWithExplicitEdgesIgnoresValuesOutsideThem() {
  let h = Histogram("", values: [-5, 0.5, 1.5, 1.5, 9, .nan], edges: [0, 1, 2])
  let binned = Chart(.histogram(x: "v", [h])).histograms[0]!
  #expect(binned.heights == [1, 2])
  #expect(binned.counted == 3)
}

@Test func chartKindsFollowTheMarks() {
  #expect(Chart(Fixtures.lotteryTicket).kind == .line)
  #expect(Chart(Fixtures.groupedBar).kind == .groupedBar)
  #expect(Chart(Fixtures.mask).kind == .heatmap)
  #expect(Chart(PlotSpec()).kind == .empty)
  let mixed = PlotSpec(marks: [.line(Series("a", y: [1])), .scatter(Series("b", y: [2]))])
  #expect(Chart(mixed).kind == .mixed)
}

@Test func legendListsOnlyNamedSeries() {
  let spec = PlotSpec.line(
    x: "x", y: "y", series: [Series("", y: [1, 2]), Series("named", y: [2, 3])])
  #expect(Chart(spec).legendEntries.map(\.name) == ["named"])
}

@Test func extentsIncludeBandsAndAnnotations() {
  let spec = PlotSpec.line(
    x: "x", y: "y", series: [Series("s", x: [1, 2], y: [5, 6], lower: [4, 5], upper: [6, 9])],
    annotations: [.horizontalLine(y: 10, label: nil), .verticalLine(x: -1, label: nil)])
  let chart = Chart(spec)
  #expect(chart.yExtent.lo == 4 && chart.yExtent.hi == 10)
  #expect(chart.xExtent.lo == -1 && chart.xExtent.hi == 2)
}

@Test func whiskerAxisFitsWhiskersAndReferenceLinesInsteadOfStartingAtZero() {
  let spec = Fixtures.whiskers
  let chart = Chart(spec)
  #expect(chart.kind == .whiskers)
  #expect(chart.categories == ["20% of weights", "7% of weights"])
  guard case .whiskers(let set) = spec.marks[0] else {
    Issue.record("expected whiskers")
    return
  }
  let lowest = set.groups.flatMap(\.lower).min()!
  let highest = set.groups.flatMap(\.upper).max()!
  #expect(chart.yExtent.lo == lowest)
  #expect(chart.yExtent.hi == 0.9835)  // the reference line, above every whisker
  #expect(chart.yExtent.baseline == nil)

  let layout = Layout(chart, metrics: Metrics(fontSize: 12))
  #expect(layout.y.lo > 0.9)
  #expect(layout.y.lo < lowest && layout.y.hi > max(highest, 0.9835))
  // A little padding, not a wide margin: the whiskers fill most of the axis.
  #expect((highest - lowest) / (layout.y.hi - layout.y.lo) > 0.8)
  #expect(layout.yTicks.filter { $0.label != nil }.count >= 3)
}

@Test func whiskerMeansFourTenthsOfAPointApartAreVisiblyApart() {
  let spec = PlotSpec.whiskers(
    y: "accuracy", categories: ["LeNet"],
    groups: [
      Whiskers("a", samples: [[0.978, 0.980, 0.982]]),
      Whiskers("b", samples: [[0.974, 0.976, 0.978]]),
    ])
  let layout = Layout(Chart(spec), metrics: Metrics(fontSize: 12))
  let gap = layout.y.position(0.976)! - layout.y.position(0.980)!
  #expect(gap > 50)
}

@Test func whiskerGroupsTakeOneStyleEachAndAppearInTheLegend() {
  let chart = Chart(Fixtures.whiskers)
  #expect(
    chart.legendEntries.map(\.name) == ["winning ticket", "random reinit", "random pruning"])
  #expect(chart.legendEntries.map(\.color) == [0, 1, 2].map(Palette.color))
  #expect(chart.legendEntries[1].swatch == .whisker(Palette.marker(1)))
}
