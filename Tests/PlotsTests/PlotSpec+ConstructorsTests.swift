import Testing

@testable import Plots

@Test func constructorsBuildTheExpectedMarks() {
  let matrix = PlotSpec.heatmap(matrix: [[1, 2, 3], [4, 5, 6]])
  #expect(matrix.marks == [.heatmap(Heatmap(rows: 2, cols: 3, values: [1, 2, 3, 4, 5, 6]))])
  let bar = PlotSpec.bar(y: "acc", categories: ["a", "b"], values: [0.5, 0.7])
  #expect(
    bar.marks == [.bar(Bars(categories: ["a", "b"], groups: [BarGroup("", values: [0.5, 0.7])]))])
}

@Test func lineConstructorMakesOneLineMarkPerSeries() {
  let spec = PlotSpec.line(
    x: "epoch", y: "loss", series: [Series("a", y: [1]), Series("b", y: [2])], legend: .topLeft)
  #expect(spec.marks == [.line(Series("a", y: [1])), .line(Series("b", y: [2]))])
  #expect(spec.legend == .topLeft)
}

@Test func singleBarAndHeatmapConstructorsHideTheLegend() {
  #expect(PlotSpec.bar(y: "v", categories: ["a"], values: [1]).legend == .none)
  #expect(PlotSpec.heatmap(matrix: [[1]]).legend == .none)
  #expect(
    PlotSpec.histogram(x: "w", values: [1, 2], bins: 5).marks == [
      .histogram(Histogram("", values: [1, 2], bins: 5))
    ])
}

@Test func whiskersConstructorMakesOneWhiskerMarkOverTheCategories() {
  let groups = [Whiskers("a", samples: [[1, 2], [3]]), Whiskers("b", samples: [[2], [4, 6]])]
  let spec = PlotSpec.whiskers(
    y: "accuracy", categories: ["x", "y"], groups: groups,
    annotations: [.horizontalLine(y: 2.5, label: "dense")], legend: .topLeft)
  #expect(spec.marks == [.whiskers(WhiskerSet(categories: ["x", "y"], groups: groups))])
  #expect(spec.x.label.isEmpty && spec.y.label == "accuracy")
  #expect(spec.annotations == [.horizontalLine(y: 2.5, label: "dense")])
  #expect(spec.legend == .topLeft)
}
