import Foundation
import Testing

@testable import Plots

/// The two layouts of a page figure, labels placed clear of the marks, overlaid histograms as
/// outlines, the data's ends on log axes, and histograms stored counted.
struct ResponsiveTests {
  /// The `font-size` of every `<text>` and of the root of each `<svg>` in `svg`, in user units.
  static func fontSizes(_ svg: String) -> [Double] {
    svg.components(separatedBy: "font-size=\"").dropFirst().compactMap {
      Double($0.prefix { $0 != "\"" })
    }
  }

  /// The `viewBox` width of each `<svg>` in `svg`.
  static func viewBoxWidths(_ svg: String) -> [Double] {
    svg.components(separatedBy: "viewBox=\"0 0 ").dropFirst().compactMap {
      Double($0.prefix { $0 != " " })
    }
  }

  @Test func aPageFigureHasAWideAndANarrowLayoutWhoseTextStaysReadable() {
    let svg = SVGRenderer().renderResponsive(Fixtures.lotteryTicket, id: "lth")
    expectSnapshot(svg, named: "responsive-line")
    let parts = svg.components(separatedBy: "</svg>").filter { $0.contains("<svg") }
    #expect(parts.count == 2)
    #expect(parts[0].contains("class=\"tb-plot tb-wide\"") && parts[0].contains("id=\"lth\""))
    #expect(parts[1].contains("class=\"tb-plot tb-narrow\"") && parts[1].contains("id=\"lth-n\""))
    #expect(Self.viewBoxWidths(parts[0]) == [640])
    #expect(Self.viewBoxWidths(parts[1]) == [SVGRenderer.narrowWidth])
    // Shown at 330 CSS px or more (a 360 px phone), the narrow layout's smallest text is at
    // least 10 px; the wide one is shown from 540 CSS px, where its smallest text is too.
    let narrowSmallest = Self.fontSizes(parts[1]).min() ?? 0
    #expect(narrowSmallest * 330 / SVGRenderer.narrowWidth >= 10)
    let wideSmallest = Self.fontSizes(parts[0]).min() ?? 0
    #expect(wideSmallest * 540 / 640 >= 10)
  }

  @Test func aLongTitleWrapsOnTheNarrowLayoutInsteadOfLeavingTheFigure() {
    var spec = Fixtures.lotteryTicket
    spec.title = "Test accuracy at early stopping, LeNet-300-100 on Fashion-MNIST"
    let svg = SVGRenderer().renderResponsive(spec, id: "t")
    let narrow = svg.components(separatedBy: "</svg>")[1]
    #expect(narrow.contains(">Test accuracy at early stopping,</text>"))
    #expect(narrow.contains(">LeNet-300-100 on Fashion-MNIST</text>"))
    let (lines, size) = Layout.titleLines(
      { var s = spec; s.width = SVGRenderer.narrowWidth; return s }(),
      metrics: Metrics(fontSize: SVGRenderer.narrowFontSize))
    for line in lines {
      #expect(TextMetrics.width(line, fontSize: size) * 1.08 <= SVGRenderer.narrowWidth - 16)
    }
  }

  @Test func onTheNarrowLayoutALegendThatDoesNotFitInsideGoesBelowThePlot() {
    var spec = Fixtures.lotteryTicket
    spec.legend = .outsideRight
    spec.width = SVGRenderer.narrowWidth
    let chart = Chart(spec)
    let metrics = Metrics(fontSize: SVGRenderer.narrowFontSize)
    let layout = Layout(chart, metrics: metrics, legendBelow: true)
    let legend = try! #require(layout.legend)
    #expect(legend.top > layout.frame.bottom)
    #expect(legend.bottom <= spec.height)
    #expect(layout.frame.right > spec.width * 0.8, "the plot keeps the figure's width")
  }

  @Test func aHeatmapsCellsAreWrittenOnceForBothLayouts() {
    let svg = SVGRenderer().renderResponsive(Fixtures.mask, id: "mask")
    #expect(svg.components(separatedBy: "<symbol id=\"mask-cells\"").count == 2)
    #expect(svg.components(separatedBy: "<use href=\"#mask-cells\"").count == 3)
    let single = SVGRenderer().render(Fixtures.mask, id: "mask")
    #expect(Double(svg.utf8.count) < Double(single.utf8.count) * 1.4)
  }

  @Test func aReferenceLineLabelMovesOffACurveThatCrossesItsUsualPlace() {
    // A curve running just above the line at its right end, where the label would go by
    // default.
    let x = (0...20).map { Double($0) }
    let spec = PlotSpec.line(
      x: "x", y: "y",
      series: [
        Series("a", x: x, y: x.map { $0 < 15 ? 0 : 10.9 }),
        Series("b", x: x, y: x.map { _ in 2 }),
      ],
      annotations: [.horizontalLine(y: 10.5, label: "dense network")])
    let chart = Chart(spec)
    let metrics = Metrics(fontSize: 12)
    let layout = Layout(chart, metrics: metrics)
    let geometry = Geometry(chart, layout: layout, metrics: metrics)
    guard case .rule(_, _, let label?, let anchor, let end) = geometry.annotations.first else {
      Issue.record("no labelled rule")
      return
    }
    let marksOnly = Occupancy(marks: geometry.marks, frame: layout.frame)
    let box = Occupancy.labelBox(label, at: anchor, end: end, metrics: metrics)
    #expect(marksOnly.count(in: box, margin: 1) == 0, "label at \(anchor), end \(end)")
    // Where it used to go (right end, above the line), it would cover the curve.
    let old = Occupancy.labelBox(
      label, at: Point(x: layout.frame.right - 4, y: layout.y.position(10.5)! - 5), end: true,
      metrics: metrics)
    #expect(marksOnly.count(in: old, margin: 1) > 0)
  }

  @Test func overlaidHistogramsAreOutlinesOverAFaintFill() {
    let svg = SVGRenderer().render(Fixtures.histograms, id: "h")
    #expect(svg.components(separatedBy: "fill-opacity=\"0.1\"").count - 1 >= 2)
    #expect(svg.contains("stroke-width=\"2\""))
    let one = SVGRenderer().render(
      .histogram(x: "w", values: (0..<100).map { Double($0) }), id: "one")
    #expect(one.contains("fill-opacity=\"0.6\""))
  }

  @Test func aLogAxisLabelsWhereTheDataEnds() {
    // Percent of weights remaining from 100 down to 1.2: "1.2" is labelled, not only "2".
    let x = [100, 51.2, 26.2, 13.4, 6.87, 3.52, 1.8, 1.2]
    let spec = PlotSpec.line(
      x: .log("remaining", reversed: true), y: "accuracy",
      series: [Series("t", x: x, y: x.map { _ in 1 })])
    let layout = Layout(Chart(spec), metrics: Metrics(fontSize: 12))
    let labels = layout.xTicks.compactMap(\.label)
    #expect(labels.contains("1.2"), "\(labels)")
    #expect(labels.contains("100"))
    // Labels never collide after the end is added.
    #expect(
      !Ticks.overlap(layout.xTicks, layout.x, fontSize: 12, horizontal: true), "\(labels)")
    // An end within 3% of a labelled tick adds nothing.
    let ticks = [Tick(value: 1, label: "1"), Tick(value: 10, label: "10")]
    let axis = AxisScale(scale: .log, lo: 1, hi: 10, reversed: false, start: 0, end: 500)
    #expect(
      Ticks.labellingDataEnds(
        ticks, dataLo: 1.02, dataHi: 10, axis: axis, format: .automatic, fontSize: 12,
        horizontal: true) == ticks)
  }

  @Test func aCountedHistogramDrawsAndDescribesExactlyAsItsValuesAndIsSmall() throws {
    let values = (0..<50_000).map { i in sin(Double(i) * 0.37) * Double(i % 97) }
    let spec = PlotSpec.histogram(
      x: "weight",
      [Histogram("before", values: values), Histogram("after", values: values.filter { abs($0) > 20 }, density: true)])
    let counted = spec.counted()
    #expect(SVGRenderer().render(counted, id: "h") == SVGRenderer().render(spec, id: "h"))
    #expect(counted.generatedDescription == spec.generatedDescription)
    let size = try JSONEncoder().encode(counted).count
    #expect(size < 4_000, "\(size) bytes")
    // Counting twice changes nothing.
    #expect(counted.counted() == counted)
    // And it survives JSON.
    let decoded = try JSONDecoder().decode(PlotSpec.self, from: JSONEncoder().encode(counted))
    #expect(SVGRenderer().render(decoded, id: "h") == SVGRenderer().render(spec, id: "h"))
  }
}
