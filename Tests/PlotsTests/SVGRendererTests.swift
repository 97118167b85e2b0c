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

@Test func escapedTextMatchesSnapshot() {
  expectSnapshot(SVGRenderer().render(Fixtures.escaping, id: "esc"), named: "escaping")
}
