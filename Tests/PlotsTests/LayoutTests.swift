import Foundation
import Testing

@testable import Plots

private let metrics = Metrics(fontSize: 12)

private func overlaps(_ a: Frame, _ b: Frame) -> Bool {
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom
}

@Test func legendGoesToTheCornerWithoutData() {
  // A line rising from bottom left to top right leaves the top-left corner free.
  let x = (0...50).map(Double.init)
  let spec = PlotSpec.line(
    x: "x", y: "y",
    series: [Series("rising", x: x, y: x), Series("also", x: x, y: x.map { $0 * 0.9 })])
  let layout = Layout(Chart(spec), metrics: metrics)
  let legend = layout.legend!
  #expect(legend.left < layout.frame.left + layout.frame.width / 2)
  #expect(legend.top < layout.frame.top + layout.frame.height / 2)
}

@Test func legendMovesOutsideWhenEveryCornerHoldsData() {
  var g = Fixtures.Generator(state: 5)
  let x = (0..<400).map { _ in g.uniform() }
  let y = (0..<400).map { _ in g.uniform() }
  let spec = PlotSpec.scatter(
    x: "x", y: "y",
    series: [
      Series("cloud", x: Array(x[..<200]), y: Array(y[..<200])),
      Series("rain", x: Array(x[200...]), y: Array(y[200...])),
    ])
  let layout = Layout(Chart(spec), metrics: metrics)
  let legend = layout.legend!
  #expect(legend.left > layout.frame.right)
  #expect(legend.right <= spec.width)
}

@Test func explicitLegendPlacementIsHonoured() {
  var spec = Fixtures.scatter
  spec.legend = .bottomRight
  let layout = Layout(Chart(spec), metrics: metrics)
  #expect(layout.legend!.right > layout.frame.left + layout.frame.width / 2)
  #expect(layout.legend!.bottom > layout.frame.top + layout.frame.height / 2)
  spec.legend = .none
  #expect(Layout(Chart(spec), metrics: metrics).legend == nil)
}

@Test func heatmapCellsAreSquareAndColourBarSitsBesideThem() {
  let layout = Layout(Chart(Fixtures.mask), metrics: metrics)
  #expect(abs(layout.frame.width - layout.frame.height) < 1e-9)
  let bar = layout.colorBar!
  #expect(bar.frame.left > layout.frame.right)
  #expect(bar.lo == 0 && bar.hi == 1)
}

@Test func divergingHeatmapIsCentredOnZero() {
  let range = Layout.colorRange(
    Heatmap(rows: 1, cols: 3, values: [-0.2, 0.1, 0.5], colorScale: .diverging))
  #expect(range.lo == -0.5 && range.hi == 0.5)
}

@Test func marginsLeaveRoomForTheWidestYLabel() {
  let spec = PlotSpec.line(x: "x", y: "count", series: [Series("", x: [0, 1], y: [0, 123_456])])
  let layout = Layout(Chart(spec), metrics: metrics)
  let widest = layout.yTicks.compactMap(\.label).map { TextMetrics.width($0, fontSize: 12) }.max()!
  #expect(layout.frame.left - metrics.tickLength - widest > metrics.labelSize)
  #expect(layout.yTitleX > 0)
}

@Test func longCategoryNamesAreTurned() {
  let spec = PlotSpec.bar(
    y: "accuracy", categories: (1...12).map { "a rather long category \($0)" },
    values: (1...12).map(Double.init))
  #expect(Layout(Chart(spec), metrics: metrics).rotateCategories)
  #expect(!Layout(Chart(Fixtures.groupedBar), metrics: metrics).rotateCategories)
}

@Test func singleNamedSeriesGetsNoLegendWhateverThePlacement() {
  var spec = Fixtures.singleSeries
  for placement in [LegendPlacement.automatic, .topRight, .outsideRight] {
    spec.legend = placement
    #expect(Layout(Chart(spec), metrics: metrics).legend == nil)
  }
  // The same for a lone whisker group or bar group, and for one named series beside unnamed.
  let whiskers = PlotSpec.whiskers(
    y: "v", categories: ["a"], groups: [Whiskers("only", samples: [[1, 2]])])
  #expect(Layout(Chart(whiskers), metrics: metrics).legend == nil)
  let bars = PlotSpec.groupedBar(
    y: "v", categories: ["a"], groups: [BarGroup("only", values: [1])], legend: .topLeft)
  #expect(Layout(Chart(bars), metrics: metrics).legend == nil)
  let mixed = PlotSpec.line(
    x: "x", y: "y", series: [Series("", y: [1, 2]), Series("named", y: [2, 3])])
  #expect(Layout(Chart(mixed), metrics: metrics).legend == nil)
  // Two named series still get one.
  #expect(Layout(Chart(Fixtures.whiskers), metrics: metrics).legend != nil)
}

@Test func longWhiskerCategoryNamesAreTurnedLikeBars() {
  let categories = (1...8).map { "pruned to \($0 * 10)% of weights, rewound" }
  let spec = PlotSpec.whiskers(
    y: "accuracy", categories: categories,
    groups: [Whiskers("a", samples: categories.map { _ in [0.97, 0.98] })])
  let layout = Layout(Chart(spec), metrics: metrics)
  let bars = PlotSpec.bar(y: "accuracy", categories: categories, values: categories.map { _ in 1 })
  #expect(layout.rotateCategories)
  #expect(layout.rotateCategories == Layout(Chart(bars), metrics: metrics).rotateCategories)
  // The turned first label keeps on the page.
  let band = layout.frame.width / Double(categories.count)
  let overhang = TextMetrics.width(categories[0], fontSize: 12) * cos(Double.pi / 6) - band / 2
  #expect(layout.frame.left - overhang >= 0)
  #expect(!Layout(Chart(Fixtures.whiskers), metrics: metrics).rotateCategories)
}
