/// One-line constructors for the common figures, for use in lesson code.
extension PlotSpec {
  /// A line plot of one or more series, with optional reference lines and labelled points.
  public static func line(
    title: String? = nil, x: Axis, y: Axis, series: [Series], annotations: [Annotation] = [],
    legend: LegendPlacement = .automatic, alt: String? = nil
  ) -> PlotSpec {
    PlotSpec(
      title: title, x: x, y: y, marks: series.map(Mark.line), annotations: annotations,
      legend: legend, alt: alt)
  }

  /// A scatter plot of one or more series.
  public static func scatter(
    title: String? = nil, x: Axis, y: Axis, series: [Series], annotations: [Annotation] = [],
    legend: LegendPlacement = .automatic, alt: String? = nil
  ) -> PlotSpec {
    PlotSpec(
      title: title, x: x, y: y, marks: series.map(Mark.scatter), annotations: annotations,
      legend: legend, alt: alt)
  }

  /// One or more overlaid histograms sharing bins ("before pruning", "after pruning").
  public static func histogram(
    title: String? = nil, x: Axis, y: Axis = "Count", _ histograms: [Histogram],
    annotations: [Annotation] = [], legend: LegendPlacement = .automatic, alt: String? = nil
  ) -> PlotSpec {
    PlotSpec(
      title: title, x: x, y: y, marks: histograms.map(Mark.histogram), annotations: annotations,
      legend: legend, alt: alt)
  }

  /// A histogram of one unnamed set of values.
  public static func histogram(
    title: String? = nil, x: Axis, y: Axis = "Count", values: [Double], bins: Int? = nil,
    alt: String? = nil
  ) -> PlotSpec {
    histogram(title: title, x: x, y: y, [Histogram("", values: values, bins: bins)], alt: alt)
  }

  /// A heatmap of a matrix given as rows (row 0 at the top).
  public static func heatmap(
    title: String? = nil, x: Axis = "Column", y: Axis = "Row", matrix: [[Double]],
    colorScale: ColorScale = .sequential, low: Double? = nil, high: Double? = nil,
    label: String? = nil, alt: String? = nil
  ) -> PlotSpec {
    let map = Heatmap(matrix: matrix, colorScale: colorScale, low: low, high: high, label: label)
    return PlotSpec(title: title, x: x, y: y, marks: [.heatmap(map)], legend: .none, alt: alt)
  }

  /// A heatmap of row-major values (a 784-long mask as 28 × 28, for instance).
  public static func heatmap(
    title: String? = nil, x: Axis = "Column", y: Axis = "Row", values: [Double], rows: Int,
    cols: Int, colorScale: ColorScale = .sequential, low: Double? = nil, high: Double? = nil,
    label: String? = nil, alt: String? = nil
  ) -> PlotSpec {
    let map = Heatmap(
      rows: rows, cols: cols, values: values, colorScale: colorScale, low: low, high: high,
      label: label)
    return PlotSpec(title: title, x: x, y: y, marks: [.heatmap(map)], legend: .none, alt: alt)
  }

  /// A bar chart with one bar per category.
  public static func bar(
    title: String? = nil, x: Axis = "", y: Axis, categories: [String], values: [Double],
    annotations: [Annotation] = [], alt: String? = nil
  ) -> PlotSpec {
    let bars = Bars(categories: categories, groups: [BarGroup("", values: values)])
    return PlotSpec(
      title: title, x: x, y: y, marks: [.bar(bars)], annotations: annotations, legend: .none,
      alt: alt)
  }

  /// A grouped bar chart: for each category, one bar per named group.
  public static func groupedBar(
    title: String? = nil, x: Axis = "", y: Axis, categories: [String], groups: [BarGroup],
    annotations: [Annotation] = [], legend: LegendPlacement = .automatic, alt: String? = nil
  ) -> PlotSpec {
    let bars = Bars(categories: categories, groups: groups)
    return PlotSpec(
      title: title, x: x, y: y, marks: [.bar(bars)], annotations: annotations, legend: legend,
      alt: alt)
  }

  /// Points with whiskers: for each category, one point per named group at its mean and a
  /// whisker over its range, the groups side by side.
  ///
  /// The y axis fits the whiskers and reference lines with a little padding instead of
  /// starting at zero, so small differences between groups stay visible. Build the groups with
  /// ``Whiskers/init(_:samples:)`` to show the mean, min and max over seeds.
  public static func whiskers(
    title: String? = nil, x: Axis = "", y: Axis, categories: [String], groups: [Whiskers],
    annotations: [Annotation] = [], legend: LegendPlacement = .automatic, alt: String? = nil
  ) -> PlotSpec {
    let set = WhiskerSet(categories: categories, groups: groups)
    return PlotSpec(
      title: title, x: x, y: y, marks: [.whiskers(set)], annotations: annotations,
      legend: legend, alt: alt)
  }
}
