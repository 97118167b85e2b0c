/// The pixel geometry of one mark, computed once and used both to draw and to place the legend.
enum MarkGeometry {
  /// A line series: polyline pieces between gaps, band polygons and marker positions.
  case line(style: Int, series: Series, segments: [[Point]], bands: [[Point]], markers: [Point])
  /// A scatter series: the distinct point positions.
  case scatter(style: Int, points: [Point])
  /// A histogram: the closed outline of its bars.
  case histogram(style: Int, outline: [Point])
  /// Bars: one rectangle per drawn bar, with the index of its group.
  case bars(style: Int, rects: [(group: Int, rect: Frame)])
  /// A heatmap, drawn cell by cell over the frame.
  case heatmap(Heatmap)
}

/// The pixel geometry of an annotation.
enum AnnotationGeometry {
  /// A reference line from `from` to `to`, with its label's anchor and alignment.
  case rule(from: Point, to: Point, label: String?, anchor: Point, end: Bool)
  /// A labelled point with the label's anchor and alignment.
  case point(Point, label: String, anchor: Point, end: Bool)
}

/// Where every mark and annotation of a laid-out chart lies in pixels.
struct Geometry {
  /// The marks in drawing order.
  var marks: [MarkGeometry] = []
  /// The annotations in drawing order.
  var annotations: [AnnotationGeometry] = []

  /// Computes the geometry of a chart on a layout.
  init(_ chart: Chart, layout: Layout, metrics: Metrics) {
    for (index, mark) in chart.spec.marks.enumerated() {
      let style = chart.styles[index]
      switch mark {
      case .line(let s):
        marks.append(Self.line(s, style: style, layout: layout))
      case .scatter(let s):
        let points = Self.points(s.x, s.y, layout: layout).joined()
        marks.append(.scatter(style: style, points: Thinning.distinctPixels(Array(points))))
      case .histogram:
        guard let binned = chart.histograms[index] else { continue }
        marks.append(.histogram(style: style, outline: Self.outline(binned, layout: layout)))
      case .bar(let b):
        marks.append(.bars(style: style, rects: Self.rects(b, layout: layout)))
      case .heatmap(let h):
        marks.append(.heatmap(h))
      }
    }
    annotations = chart.spec.annotations.compactMap {
      Self.annotation($0, layout: layout, metrics: metrics)
    }
  }

  /// The drawable points of a series, split into runs at values the axes cannot draw.
  static func points(_ xs: [Double], _ ys: [Double], layout: Layout) -> [[Point]] {
    var runs: [[Point]] = []
    var run: [Point] = []
    for (x, y) in zip(xs, ys) {
      if let px = layout.x.position(x), let py = layout.y.position(y) {
        run.append(Point(x: px, y: py))
      } else if !run.isEmpty {
        runs.append(run)
        run = []
      }
    }
    if !run.isEmpty { runs.append(run) }
    return runs
  }

  private static func line(_ s: Series, style: Int, layout: Layout) -> MarkGeometry {
    let long = 2 * max(layout.frame.width, 1)
    let thin = { (run: [Point]) in Double(run.count) > long ? Thinning.minMaxPerColumn(run) : run }
    let runs = points(s.x, s.y, layout: layout)
    var bands: [[Point]] = []
    if let lower = s.lower, let upper = s.upper {
      // A band piece needs x, lower and upper all drawable; it breaks where one is not.
      var xs: [Double] = []
      var los: [Double] = []
      var his: [Double] = []
      for i in 0..<min(s.x.count, lower.count, upper.count) {
        let ok =
          layout.x.position(s.x[i]) != nil && layout.y.position(lower[i]) != nil
          && layout.y.position(upper[i]) != nil
        xs.append(s.x[i])
        los.append(ok ? lower[i] : .nan)
        his.append(ok ? upper[i] : .nan)
      }
      for (top, bottom) in zip(points(xs, his, layout: layout), points(xs, los, layout: layout)) {
        bands.append(thin(top) + thin(bottom).reversed())
      }
    }
    let markers = s.markers ? Thinning.distinctPixels(Array(runs.joined())) : []
    return .line(
      style: style, series: s, segments: runs.map(thin), bands: bands, markers: markers)
  }

  /// The y pixel of a baseline at zero, or the frame's bottom when zero cannot be drawn.
  private static func baseline(_ layout: Layout) -> Double {
    let zero = layout.y.position(0) ?? layout.y.start
    return min(max(zero, layout.frame.top), layout.frame.bottom)
  }

  private static func outline(_ binned: BinnedHistogram, layout: Layout) -> [Point] {
    let base = baseline(layout)
    var outline: [Point] = []
    for (i, height) in binned.heights.enumerated() {
      guard let x0 = layout.x.position(binned.edges[i]),
        let x1 = layout.x.position(binned.edges[i + 1])
      else { continue }
      let top = layout.y.position(height) ?? base
      if outline.isEmpty { outline.append(Point(x: x0, y: base)) }
      outline.append(Point(x: x0, y: top))
      outline.append(Point(x: x1, y: top))
    }
    if let last = outline.last { outline.append(Point(x: last.x, y: base)) }
    return outline
  }

  private static func rects(_ bars: Bars, layout: Layout) -> [(group: Int, rect: Frame)] {
    let base = baseline(layout)
    let groups = max(bars.groups.count, 1)
    var rects: [(group: Int, rect: Frame)] = []
    for (c, _) in bars.categories.enumerated() {
      guard let a = layout.x.position(Double(c)), let b = layout.x.position(Double(c + 1))
      else { continue }
      let band = abs(b - a)
      let width = band * 0.8 / Double(groups)
      let gap = groups > 1 ? min(2, width * 0.1) : 0
      for (g, group) in bars.groups.enumerated() {
        guard c < group.values.count, let top = layout.y.position(group.values[c]) else {
          continue
        }
        let left = min(a, b) + band * 0.1 + Double(g) * width
        rects.append(
          (
            g,
            Frame(
              left: left + gap / 2, top: min(top, base), right: left + width - gap / 2,
              bottom: max(top, base))
          ))
      }
    }
    return rects
  }

  private static func annotation(_ a: Annotation, layout: Layout, metrics m: Metrics)
    -> AnnotationGeometry?
  {
    let f = layout.frame
    switch a {
    case .horizontalLine(let value, let label):
      guard let y = layout.y.position(value), y >= f.top - 0.5, y <= f.bottom + 0.5 else {
        return nil
      }
      // The label sits above the line at the right end, or below it near the top.
      let above = y - f.top > m.fontSize + 6
      let anchor = Point(x: f.right - 4, y: above ? y - 5 : y + m.fontSize + 2)
      return .rule(
        from: Point(x: f.left, y: y), to: Point(x: f.right, y: y), label: label, anchor: anchor,
        end: true)
    case .verticalLine(let value, let label):
      guard let x = layout.x.position(value), x >= f.left - 0.5, x <= f.right + 0.5 else {
        return nil
      }
      let width = label.map { TextMetrics.width($0, fontSize: m.fontSize) } ?? 0
      let end = x + 4 + width > f.right
      let anchor = Point(x: end ? x - 4 : x + 4, y: f.top + m.fontSize + 2)
      return .rule(
        from: Point(x: x, y: f.top), to: Point(x: x, y: f.bottom), label: label, anchor: anchor,
        end: end)
    case .point(let px, let py, let label):
      guard let x = layout.x.position(px), let y = layout.y.position(py) else { return nil }
      let width = TextMetrics.width(label, fontSize: m.fontSize)
      let end = x + 7 + width > f.right
      let below = y - m.fontSize - 4 < f.top
      let anchor = Point(x: end ? x - 7 : x + 7, y: below ? y + m.fontSize + 4 : y - 6)
      return .point(Point(x: x, y: y), label: label, anchor: anchor, end: end)
    }
  }
}
