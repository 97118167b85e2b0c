import Foundation
import Testing

@testable import Plots

@Test func lotteryTicketLineWithReversedLogAxisBandsAndReferenceLine() {
  expectSnapshot(
    SVGRenderer().render(Fixtures.lotteryTicket, id: "lth"), named: "line-log-reversed-bands")
}

@Test func scatterPlotMatchesSnapshot() {
  expectSnapshot(SVGRenderer().render(Fixtures.scatter, id: "scatter"), named: "scatter")
}

@Test func overlaidHistogramsMatchSnapshot() {
  expectSnapshot(
    SVGRenderer().render(Fixtures.histograms, id: "hist"), named: "histograms-overlaid")
}

@Test func maskHeatmapWithColorBarMatchesSnapshot() {
  expectSnapshot(SVGRenderer().render(Fixtures.mask, id: "mask"), named: "heatmap-28x28")
}

@Test func groupedBarChartMatchesSnapshot() {
  expectSnapshot(SVGRenderer().render(Fixtures.groupedBar, id: "bars"), named: "grouped-bar")
}

@Test func whiskerPlotWithThreeGroupsAndReferenceLineMatchesSnapshot() {
  let svg = SVGRenderer().render(Fixtures.whiskers, id: "whiskers")
  expectSnapshot(svg, named: "whiskers-grouped")
  #expect(svg.components(separatedBy: #"class="tb-whisker""#).count - 1 == 3)
  #expect(svg.components(separatedBy: #"class="tb-means""#).count - 1 == 3)
  #expect(svg.contains("dense network"))
  #expect(svg.contains(#"class="tb-legend""#))
}

@Test func singleSeriesLinePlotHasNoLegend() {
  let svg = SVGRenderer().render(Fixtures.singleSeries, id: "single")
  expectSnapshot(svg, named: "line-single-series")
  #expect(!svg.contains("tb-legend"))
  #expect(svg.contains("“dense network”"))  // the name is still in the description
}

@Test func escapedTextMatchesSnapshot() {
  expectSnapshot(SVGRenderer().render(Fixtures.escaping, id: "esc"), named: "escaping")
}

@Test func renderingTwiceGivesIdenticalBytes() {
  for spec in [
    Fixtures.lotteryTicket, Fixtures.scatter, Fixtures.histograms, Fixtures.mask,
    Fixtures.groupedBar, Fixtures.whiskers,
  ] {
    #expect(SVGRenderer().render(spec, id: "a") == SVGRenderer().render(spec, id: "a"))
  }
}

@Test func markupInTextAppearsOnlyAsText() {
  let svg = SVGRenderer().render(Fixtures.escaping, id: "esc")
  #expect(!svg.contains("<script"))
  #expect(!svg.contains("<b>"))
  #expect(
    svg.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;friends&apos;"))
  #expect(svg.contains("&lt;b&gt;bold&lt;/b&gt;"))
  #expect(svg.contains("c &gt; d &amp; e"))
}

@Test func everySVGIsLabelledForAssistiveTechnology() {
  let svg = SVGRenderer().render(Fixtures.scatter, id: "fig-3")
  #expect(svg.hasPrefix("<svg "))
  #expect(svg.hasSuffix("</svg>\n"))
  #expect(svg.contains(#"role="img""#))
  #expect(svg.contains(#"aria-labelledby="fig-3-title fig-3-desc""#))
  #expect(svg.contains(#"<title id="fig-3-title">Initial versus final weights</title>"#))
  #expect(svg.contains(#"<desc id="fig-3-desc">Scatter plot titled"#))
}

@Test func untitledPlotsGetATitleFromTheirAxes() {
  let svg = SVGRenderer().render(
    .line(x: "epoch", y: "loss", series: [Series("train", y: [3, 2, 1])]), id: "p")
  #expect(svg.contains("<title id=\"p-title\">Line chart of loss against epoch</title>"))
}

@Test func idsArePrefixedAndMadeSafe() {
  let svg = SVGRenderer().render(Fixtures.mask, id: "3 <fig>")
  #expect(svg.contains(#"id="plot-3--fig-""#))
  #expect(svg.contains(#"clip-path="url(#plot-3--fig--clip)""#))
  #expect(svg.contains(#"fill="url(#plot-3--fig--colors)""#))
}

@Test func nonFiniteValuesLeaveGapsInTheLine() {
  let spec = PlotSpec.line(
    x: "x", y: "y",
    series: [Series("gappy", x: [0, 1, 2, 3, 4, 5], y: [1, 2, .nan, 3, .infinity, 4])])
  let svg = SVGRenderer().render(spec, id: "g")
  let line = svg.components(separatedBy: "\n").first { $0.contains("tb-line") }!
  #expect(line.components(separatedBy: "M").count - 1 == 3)
  #expect(!svg.contains("nan") && !svg.contains("inf"))
}

@Test func logScaleSkipsNonPositivePoints() {
  let spec = PlotSpec.line(
    x: .log("x"), y: .log("y"), series: [Series("s", x: [0, 1, 10, 100], y: [1, -1, 10, 100])])
  let svg = SVGRenderer().render(spec, id: "l")
  #expect(!svg.contains("NaN"))
  #expect(spec.generatedDescription.contains("2 points"))
}

@Test func emptyPlotsDrawAFrameWithANote() {
  for spec in [
    PlotSpec(), PlotSpec.line(x: "x", y: "y", series: [Series("empty", x: [], y: [])]),
    PlotSpec.histogram(x: "w", values: [.nan]),
    PlotSpec.heatmap(values: [], rows: 0, cols: 0),
    PlotSpec.bar(y: "v", categories: [], values: []),
    PlotSpec.line(x: .log("x"), y: "y", series: [Series("neg", x: [-1, 0], y: [1, 2])]),
  ] {
    let svg = SVGRenderer().render(spec, id: "e")
    #expect(svg.contains("No data to plot"))
    #expect(svg.hasSuffix("</svg>\n"))
  }
}

@Test func oddShapesRenderWithoutCrashing() {
  let specs: [PlotSpec] = [
    .line(x: "x", y: "y", series: [Series("one point", x: [1], y: [1], markers: true)]),
    .line(x: "x", y: "y", series: [Series("flat", x: [0, 1, 2], y: [5, 5, 5])]),
    .line(x: "x", y: "y", series: [Series("short y", x: [0, 1, 2], y: [1])]),
    .line(
      x: "x", y: "y",
      series: [Series("short band", x: [0, 1, 2], y: [1, 2, 3], lower: [0], upper: [2, 3])]),
    .heatmap(values: [1, 2, 3], rows: 2, cols: 2),
    .heatmap(matrix: [[1, 2], [3]]),
    .heatmap(values: Array(repeating: 7, count: 9), rows: 3, cols: 3, colorScale: .diverging),
    .histogram(x: "w", values: [2, 2, 2]),
    .histogram(x: .log("w"), values: [0.001, 0.01, 0.1, 1, 10, -5]),
    .groupedBar(
      y: "v", categories: ["a", "b"],
      groups: [BarGroup("g", values: [1]), BarGroup("h", values: [-2, .nan])]),
    PlotSpec(
      x: Axis(label: "x", min: 5, max: 1), y: "y", marks: [.scatter(Series("s", y: [1, 2]))]),
    PlotSpec(marks: [.line(Series("tiny", y: [1, 2, 3]))], width: 10, height: 10),
  ]
  for spec in specs {
    let svg = SVGRenderer().render(spec, id: "odd")
    #expect(svg.hasSuffix("</svg>\n"))
    #expect(!svg.contains("NaN") && !svg.contains("∞"))
  }
}

@Test func largeHeatmapsAreAveragedIntoBlocks() {
  let values = (0..<(300 * 784)).map { Double($0 % 784) / 784 }
  let svg = SVGRenderer().render(.heatmap(values: values, rows: 300, cols: 784), id: "big")
  let rects = svg.components(separatedBy: "<rect").count - 1
  #expect(rects < 45_000)
}

@Test func tenThousandPointSeriesStaySmall() {
  var g = Fixtures.Generator(state: 1)
  let x = (0..<10_000).map(Double.init)
  let series = (0..<3).map { s in
    Series(
      "run \(s)", x: x, y: x.map { _ in g.normal() }, lower: x.map { _ in -3 },
      upper: x.map { _ in 3 })
  }
  let svg = SVGRenderer().render(.line(x: "step", y: "value", series: series), id: "big")
  #expect(svg.utf8.count < 400_000)
}

@Test func longTitlesWrapToFitTheFigureAndSlightlyLongOnesShrink() {
  let title = String(repeating: "A very long title about pruning ", count: 4)
  let svg = SVGRenderer().render(
    .line(title: title, x: "x", y: "y", series: [Series("s", y: [1, 2])]), id: "t")
  let lines = svg.components(separatedBy: "\n").filter { $0.contains("font-weight=\"600\"") }
  #expect(lines.count == 2)
  for line in lines {
    #expect(line.contains(#"font-size="15.6""#))
    // Each line fits the 640-unit figure.
    let text = line.split(separator: ">")[1].split(separator: "<")[0]
    #expect(TextMetrics.width(String(text), fontSize: 15.6) * 1.08 <= 624)
  }
  // A title a little too long for one line shrinks (to no less than 85%) instead.
  var longer = "x"
  while TextMetrics.width(longer, fontSize: 15.6) * 1.08 < 624 * 1.08 { longer += "x" }
  let one = SVGRenderer().render(
    .line(title: longer, x: "x", y: "y", series: [Series("s", y: [1, 2])]), id: "u")
  let shrunk = one.components(separatedBy: "\n").filter { $0.contains("font-weight=\"600\"") }
  #expect(shrunk.count == 1)
  #expect(!shrunk[0].contains(#"font-size="15.6""#))
}
