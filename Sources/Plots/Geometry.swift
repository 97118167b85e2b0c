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
  /// Points with whiskers: one glyph per group and category, markers of radius `radius`.
  case whiskers(style: Int, glyphs: [WhiskerGlyph], radius: Double)
  /// A heatmap, drawn cell by cell over the frame.
  case heatmap(Heatmap)
}

/// One group's point and whisker in one category, in pixels.
struct WhiskerGlyph {
  /// The index of the group within its whisker set.
  var group: Int
  /// The index of the category.
  var category: Int
  /// The horizontal centre of the point and whisker.
  var x: Double
  /// The y pixel of the mean, or `nil` when it cannot be drawn.
  var mean: Double?
  /// The y pixels of the whisker's two ends (lower value first), or `nil` when either end
  /// cannot be drawn.
  var whisker: (lower: Double, upper: Double)?
  /// Half the width of the caps at the whisker's ends.
  var cap: Double

  /// The horizontal extent the glyph covers: its caps, or its marker when wider.
  func span(radius: Double) -> (left: Double, right: Double) {
    let half = max(whisker == nil ? 0 : cap, mean == nil ? 0 : radius)
    return (x - half, x + half)
  }
}

/// The bands of a categorical x axis, and the slots that dodge groups side by side in them.
///
/// Bars and points with whiskers place their groups through this one type, so both line up
/// with the category labels and ticks the same way.
struct CategoryBands {
  /// The layout whose x axis runs from 0 to the number of categories.
  let layout: Layout
  /// How many groups share each band.
  let groups: Int

  /// The left edge and width of category `index`'s band; `nil` when the axis cannot place it.
  func band(_ index: Int) -> (left: Double, width: Double)? {
    guard let a = layout.x.position(Double(index)), let b = layout.x.position(Double(index + 1))
    else { return nil }
    return (min(a, b), abs(b - a))
  }

  /// The left edge and width of group `group`'s slot in category `index`: the band's middle
  /// 80% split evenly, groups in order from left to right.
  func slot(_ index: Int, group: Int) -> (left: Double, width: Double)? {
    guard let band = band(index) else { return nil }
    let width = band.width * 0.8 / Double(max(groups, 1))
    return (band.left + band.width * 0.1 + Double(group) * width, width)
  }
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
      case .whiskers(let w):
        marks.append(Self.whiskers(w, style: style, layout: layout))
      case .heatmap(let h):
        marks.append(.heatmap(h))
      }
    }
    // Each label goes where it covers the fewest marks and earlier labels.
    var occupancy = Occupancy(marks: marks, frame: layout.frame)
    for annotation in chart.spec.annotations {
      guard let placed = Self.annotation(annotation, layout: layout, metrics: metrics, occupancy)
      else { continue }
      occupancy.add(placed, metrics: metrics)
      annotations.append(placed)
    }
  }

  /// Of the candidate places for a label (baseline anchor and alignment, in order of
  /// preference), the first of those that cover the fewest occupied places.
  static func leastCovered(
    _ label: String, _ candidates: [(anchor: Point, end: Bool)], occupancy: Occupancy,
    metrics: Metrics
  ) -> (anchor: Point, end: Bool) {
    var best = candidates[0]
    var bestCount = Int.max
    for candidate in candidates {
      let box = Occupancy.labelBox(
        label, at: candidate.anchor, end: candidate.end, metrics: metrics)
      let count = occupancy.count(in: box, margin: 1)
      if count < bestCount {
        best = candidate
        bestCount = count
      }
      if count == 0 { break }
    }
    return best
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
    let bands = CategoryBands(layout: layout, groups: bars.groups.count)
    var rects: [(group: Int, rect: Frame)] = []
    for c in bars.categories.indices {
      for (g, group) in bars.groups.enumerated() {
        guard c < group.values.count, let top = layout.y.position(group.values[c]),
          let slot = bands.slot(c, group: g)
        else { continue }
        let gap = bars.groups.count > 1 ? min(2, slot.width * 0.1) : 0
        rects.append(
          (
            g,
            Frame(
              left: slot.left + gap / 2, top: min(top, base),
              right: slot.left + slot.width - gap / 2,
              bottom: max(top, base))
          ))
      }
    }
    return rects
  }

  /// Points with whiskers: each group's glyph at the centre of its slot, caps and markers
  /// sized to the slot so that neighbouring groups never touch.
  private static func whiskers(_ set: WhiskerSet, style: Int, layout: Layout) -> MarkGeometry {
    let bands = CategoryBands(layout: layout, groups: set.groups.count)
    let slotWidth = bands.slot(0, group: 0)?.width ?? 0
    let radius = min(4, slotWidth * 0.35)
    let cap = min(5, slotWidth * 0.3)
    var glyphs: [WhiskerGlyph] = []
    for c in set.categories.indices {
      for (g, group) in set.groups.enumerated() {
        guard let slot = bands.slot(c, group: g) else { continue }
        func pixel(_ values: [Double]) -> Double? {
          c < values.count ? layout.y.position(values[c]) : nil
        }
        let mean = pixel(group.mean)
        var whisker: (lower: Double, upper: Double)?
        if let lower = pixel(group.lower), let upper = pixel(group.upper) {
          whisker = (lower, upper)
        }
        guard mean != nil || whisker != nil else { continue }
        glyphs.append(
          WhiskerGlyph(
            group: g, category: c, x: slot.left + slot.width / 2, mean: mean, whisker: whisker,
            cap: cap))
      }
    }
    return .whiskers(style: style, glyphs: glyphs, radius: radius)
  }

  private static func annotation(
    _ a: Annotation, layout: Layout, metrics m: Metrics, _ occupancy: Occupancy
  ) -> AnnotationGeometry? {
    let f = layout.frame
    switch a {
    case .horizontalLine(let value, let label):
      guard let y = layout.y.position(value), y >= f.top - 0.5, y <= f.bottom + 0.5 else {
        return nil
      }
      // The label sits above or below the line, at its right end, left end or middle: the
      // first of these that covers no mark (preferring above at the right end).
      let aboveY = y - 5
      let belowY = y + m.fontSize + 2
      var rows = [aboveY, belowY]
      if y - f.top <= m.fontSize + 6 { rows.reverse() }
      var candidates: [(anchor: Point, end: Bool)] = []
      for row in rows {
        candidates.append((Point(x: f.right - 4, y: row), true))
        candidates.append((Point(x: f.left + 4, y: row), false))
      }
      if let label {
        let width = TextMetrics.width(label, fontSize: m.fontSize)
        for fraction in [0.75, 0.5, 0.25] {
          for row in rows {
            candidates.append((Point(x: f.left + f.width * fraction + width / 2, y: row), true))
          }
        }
      }
      let chosen =
        label.map { leastCovered($0, candidates, occupancy: occupancy, metrics: m) }
        ?? candidates[0]
      return .rule(
        from: Point(x: f.left, y: y), to: Point(x: f.right, y: y), label: label,
        anchor: chosen.anchor, end: chosen.end)
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
      var candidates: [(anchor: Point, end: Bool)] = []
      for row in [y - 6, y + m.fontSize + 4] where row - m.fontSize >= f.top - 2 {
        if x + 7 + width <= f.right { candidates.append((Point(x: x + 7, y: row), false)) }
        if x - 7 - width >= f.left { candidates.append((Point(x: x - 7, y: row), true)) }
      }
      if candidates.isEmpty {
        let end = x + 7 + width > f.right
        let below = y - m.fontSize - 4 < f.top
        candidates.append((Point(x: end ? x - 7 : x + 7, y: below ? y + m.fontSize + 4 : y - 6), end))
      }
      let chosen = leastCovered(label, candidates, occupancy: occupancy, metrics: m)
      return .point(Point(x: x, y: y), label: label, anchor: chosen.anchor, end: chosen.end)
    }
  }
}
