import Testing

@testable import Plots

@Test func descriptionNamesKindAxesSeriesAndRanges() {
  let text = Fixtures.lotteryTicket.generatedDescription
  #expect(text.hasPrefix("Line chart titled"))
  #expect(text.contains("“Percent of weights remaining”, log scale, reversed, from 100% to 0.3%"))
  #expect(text.contains("“Test accuracy”"))
  #expect(text.contains("“Winning ticket (rewound)”: 10 points, y from 93% to 98.4%"))
  #expect(text.contains("“Random reinitialisation”"))
  #expect(text.contains("Reference line “dense accuracy” at y = 97.8%."))
}

@Test func histogramDescriptionGivesCountsAndPeaks() {
  let text = Fixtures.histograms.generatedDescription
  #expect(text.hasPrefix("Overlaid histograms titled"))
  #expect(text.contains("“before pruning”: 20000 values"))
  #expect(text.contains("tallest bin"))
  #expect(text.contains("Vertical reference line “threshold” at x = 0.06."))
}

@Test func heatmapDescriptionGivesShapeAndColourRange() {
  let text = Fixtures.mask.generatedDescription
  #expect(text.contains("28 rows × 28 columns"))
  #expect(text.contains("sequential colour scale for “fraction kept” from 0 to 1"))
}

@Test func barDescriptionListsValuesPerCategory() {
  let text = Fixtures.groupedBar.generatedDescription
  #expect(text.hasPrefix("Grouped bar chart"))
  #expect(text.contains("“winning ticket”: LeNet 0.981, Conv-2 0.7"))
}

@Test func emptyPlotIsDescribedAsHavingNoData() {
  let text = PlotSpec.line(x: "epoch", y: "loss", series: []).generatedDescription
  #expect(text.contains("No data."))
  #expect(text.contains("“epoch”"))
}

@Test func authorAltReplacesTheGeneratedDescription() {
  var spec = Fixtures.scatter
  spec.alt = "Kept weights grow; pruned ones shrink."
  #expect(SVGRenderer().altText(spec) == "Kept weights grow; pruned ones shrink.")
  let svg = SVGRenderer().render(spec, id: "s")
  #expect(svg.contains(#"<desc id="s-desc">Kept weights grow; pruned ones shrink.</desc>"#))
}
