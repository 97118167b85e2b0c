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

@Test func whiskerDescriptionGivesEachGroupsMeanAndRangePerCategory() {
  let text = Fixtures.whiskers.generatedDescription
  #expect(text.hasPrefix("Point-and-whisker chart titled “Accuracy over 5 seeds (LeNet-300-100)”."))
  #expect(text.contains("Vertical axis: “Test accuracy”, from 96.4% to 98.4%."))
  #expect(
    text.contains(
      "“winning ticket”: 20% of weights mean 98.2% (range 98.1% to 98.3%),"
        + " 7% of weights mean 98% (range 97.9% to 98.2%)."))
  #expect(text.contains("“random pruning”: 20% of weights mean 97.5% (range 97.4% to 97.6%)"))
  #expect(text.contains("Reference line “dense network” at y = 98.4%."))
}

@Test func whiskerDescriptionNamesMissingParts() {
  let spec = PlotSpec.whiskers(
    y: "v", categories: ["a", "b", "c"],
    groups: [Whiskers("", mean: [1, .nan, .nan], lower: [0.5, 1, .nan], upper: [1.5, 2, .nan])])
  #expect(
    spec.generatedDescription.contains(
      "Values: a mean 1 (range 0.5 to 1.5), b range 1 to 2, c missing."))
}
