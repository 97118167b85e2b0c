import Foundation

/// A rectangle in pixels, given by its edges.
struct Frame: Equatable {
  /// The left edge.
  var left: Double
  /// The top edge.
  var top: Double
  /// The right edge.
  var right: Double
  /// The bottom edge.
  var bottom: Double

  /// The width.
  var width: Double { right - left }
  /// The height.
  var height: Double { bottom - top }
}

/// Font sizes and spacing shared by the layout and the drawing.
struct Metrics {
  /// Tick labels, legend and annotation text.
  var fontSize: Double
  /// Axis titles.
  var labelSize: Double { fontSize * 1.1 }
  /// The plot title.
  var titleSize: Double { fontSize * 1.3 }
  /// The length of a major tick mark, outside the plot area.
  var tickLength: Double { 5 }
  /// The height of one legend row.
  var legendRow: Double { fontSize * 1.5 }
  /// The width of a legend swatch.
  var swatchWidth: Double { 24 }
  /// The gap between the heatmap and its colour bar, and the bar's width.
  var colorBarGap: Double { 16 }
  /// The width of the colour bar.
  var colorBarWidth: Double { 14 }
}

/// Where everything goes: the plot area, the axes with their ticks, the legend and colour bar.
struct Layout {
  /// The plot area.
  var frame: Frame
  /// The horizontal axis.
  var x: AxisScale
  /// The vertical axis (its `start` is the bottom of the frame).
  var y: AxisScale
  /// The ticks of the x axis (bar charts label categories instead).
  var xTicks: [Tick]
  /// The ticks of the y axis.
  var yTicks: [Tick]
  /// The x position of the rotated y-axis title's baseline.
  var yTitleX: Double
  /// Whether category labels are turned to fit.
  var rotateCategories: Bool
  /// The legend's box, or `nil` when there is no legend.
  var legend: Frame?
  /// The height taken under the x axis title by a legend below the plot (0 when there is none).
  var belowLegendHeight: Double = 0
  /// The colour bar of a heatmap: its box, value range and ticks.
  var colorBar: (frame: Frame, lo: Double, hi: Double, ticks: [Tick])?

  /// Lays a chart out, placing the legend as the spec asks.
  ///
  /// A chart with fewer than two named series or groups gets no legend, whatever the spec
  /// asks: a single series needs none, its name belongs in the title or the axis title.
  /// With `legendBelow` (a narrow layout), a legend that does not fit inside the plot goes
  /// below it rather than to its right.
  init(_ chart: Chart, metrics: Metrics, legendBelow: Bool = false) {
    let placement = chart.legendEntries.count < 2 ? LegendPlacement.none : chart.spec.legend
    if legendBelow && placement == .outsideRight {
      self.init(chart, metrics: metrics, legendOutside: true, below: true)
      return
    }
    self.init(chart, metrics: metrics, legendOutside: placement == .outsideRight)
    guard placement != .none, placement != .outsideRight else { return }
    let size = Self.legendSize(chart.legendEntries, metrics: metrics)
    if placement != .automatic {
      legend = corner(placement, size: size)
      return
    }
    let occupancy = Occupancy(chart, layout: self, metrics: metrics)
    var best: (corner: LegendPlacement, count: Int)?
    for corner in [LegendPlacement.topRight, .topLeft, .bottomRight, .bottomLeft] {
      let box = self.corner(corner, size: size)
      let count = occupancy.count(in: box, margin: 4)
      if best == nil || count < best!.count { best = (corner, count) }
    }
    if let best, best.count == 0 {
      legend = corner(best.corner, size: size)
    } else {
      self.init(chart, metrics: metrics, legendOutside: true, below: legendBelow)
    }
  }

  /// The height a legend below the plot adds to the figure (``SVGRenderer`` grows the figure by
  /// it).
  static func belowLegendHeight(_ chart: Chart, metrics: Metrics) -> Double {
    legendSize(chart.legendEntries, metrics: metrics).height + 8
  }

  private init(_ chart: Chart, metrics m: Metrics, legendOutside: Bool, below: Bool = false) {
    let spec = chart.spec
    let legendSize = Self.legendSize(chart.legendEntries, metrics: m)
    let heading = Self.titleLines(spec, metrics: m)
    let top = 12 + (heading.lines.isEmpty ? 0 : Double(heading.lines.count) * heading.size * 1.25 + 8)
    var bottom = spec.height - 10 - m.tickLength - 4 - m.fontSize
    if !spec.x.label.isEmpty { bottom -= m.labelSize + 8 }
    var right = spec.width - 20
    if legendOutside && !below { right -= legendSize.width + 12 }
    if below { bottom -= legendSize.height + 8 }
    self.belowLegendHeight = below ? legendSize.height + 8 : 0
    let colorRange = chart.heatmap.map(Self.colorRange)
    if let colorRange {
      let ticks = Ticks.linear(lo: colorRange.lo, hi: colorRange.hi, count: 5, format: .automatic)
      let widest =
        ticks.compactMap(\.label).map { TextMetrics.width($0, fontSize: m.fontSize) }
        .max() ?? 0
      right -= m.colorBarGap + m.colorBarWidth + m.tickLength + 4 + widest
      if chart.heatmap?.label?.isEmpty == false { right -= m.labelSize + 10 }
    }
    var rotate = false
    if let categories = chart.categories, !categories.isEmpty {
      let band = (right - 60) / Double(categories.count)
      let widest = categories.map { TextMetrics.width($0, fontSize: m.fontSize) }.max() ?? 0
      if widest > band * 0.95 {
        rotate = true
        bottom -= widest * 0.5 + m.fontSize * 0.2
      }
    }
    bottom = max(bottom, top + 40)

    let integers = chart.heatmap != nil
    let yReversed = chart.heatmap != nil ? !spec.y.reversed : spec.y.reversed
    let yDomain = chart.yExtent.domain(for: spec.y, padding: integers ? 0 : 0.04)
    func yAxis(_ frame: Frame) -> AxisScale {
      AxisScale(
        scale: chart.yScale, lo: yDomain.lo, hi: yDomain.hi, reversed: yReversed,
        start: frame.bottom, end: frame.top)
    }
    func ticks(_ axis: AxisScale, _ format: TickFormat, horizontal: Bool) -> [Tick] {
      Ticks.forAxis(
        axis, format: format, fontSize: m.fontSize, horizontal: horizontal, integers: integers)
    }
    // The y labels' width sets the left margin, and the frame's height sets the y ticks.
    var frame = Frame(left: 60, top: top, right: right, bottom: bottom)
    var yTicks = ticks(yAxis(frame), spec.y.format, horizontal: false)
    let widest =
      yTicks.compactMap(\.label).map { TextMetrics.width($0, fontSize: m.fontSize) }.max() ?? 0
    frame.left = 10 + widest + 4 + m.tickLength + (spec.y.label.isEmpty ? 0 : m.labelSize + 10)
    if rotate, let categories = chart.categories,
      let first = spec.x.reversed ? categories.last : categories.first
    {
      // A turned label hangs left of its category's centre: keep the leftmost one on the page.
      let band = (frame.right - frame.left) / Double(categories.count)
      let overhang = TextMetrics.width(first, fontSize: m.fontSize) * cos(Double.pi / 6) - band / 2
      frame.left = max(frame.left, overhang + 8)
    }
    frame.right = max(frame.right, frame.left + 40)

    if let heatmap = chart.heatmap, heatmap.rows > 0, heatmap.cols > 0 {
      // Square cells, the grid and its colour bar centred in the room there is.
      let cell = min(frame.width / Double(heatmap.cols), frame.height / Double(heatmap.rows))
      let slack = frame.width - cell * Double(heatmap.cols)
      frame.left += slack / 2
      frame.right = frame.left + cell * Double(heatmap.cols)
      frame.bottom = frame.top + cell * Double(heatmap.rows)
      yTicks = ticks(yAxis(frame), spec.y.format, horizontal: false)
    }

    let xDomain = chart.xExtent.domain(
      for: spec.x, padding: chart.categories != nil || integers ? 0 : 0.04)
    let x = AxisScale(
      scale: chart.xScale, lo: xDomain.lo, hi: xDomain.hi, reversed: spec.x.reversed,
      start: frame.left, end: frame.right)
    self.frame = frame
    self.x = x
    self.y = yAxis(frame)
    self.xTicks =
      chart.categories == nil
      ? Ticks.labellingDataEnds(
        ticks(x, spec.x.format, horizontal: true), dataLo: chart.xExtent.lo,
        dataHi: chart.xExtent.hi, axis: x, format: spec.x.format, fontSize: m.fontSize,
        horizontal: true) : []
    self.yTicks =
      chart.heatmap == nil
      ? Ticks.labellingDataEnds(
        yTicks, dataLo: chart.yExtent.lo, dataHi: chart.yExtent.hi, axis: yAxis(frame),
        format: spec.y.format, fontSize: m.fontSize, horizontal: false) : yTicks
    self.rotateCategories = rotate
    self.yTitleX = frame.left - m.tickLength - 4 - widest - 10 - m.labelSize * 0.2
    if below {
      // Under the x axis title, left-aligned with the plot area.
      let top = spec.height - 4 - legendSize.height
      self.legend = Frame(
        left: frame.left, top: top, right: frame.left + legendSize.width,
        bottom: top + legendSize.height)
    } else {
      self.legend =
        legendOutside
        ? Frame(
          left: frame.right + 12, top: frame.top, right: frame.right + 12 + legendSize.width,
          bottom: frame.top + legendSize.height)
        : nil
    }
    if let colorRange {
      let bar = Frame(
        left: frame.right + m.colorBarGap, top: frame.top,
        right: frame.right + m.colorBarGap + m.colorBarWidth, bottom: frame.bottom)
      let count = max(2, Int((bar.height / 40).rounded()))
      let ticks = Ticks.linear(
        lo: colorRange.lo, hi: colorRange.hi, count: min(count, 6), format: .automatic)
      self.colorBar = (bar, colorRange.lo, colorRange.hi, ticks)
    } else {
      self.colorBar = nil
    }
  }

  /// The title's lines and font size: one line at the title size when it fits the figure's
  /// width, else one line at a smaller size down to 85% of it, else lines broken between words
  /// at the title size (a long title on a narrow figure wraps rather than shrinks or overflows).
  static func titleLines(_ spec: PlotSpec, metrics m: Metrics) -> (lines: [String], size: Double)
  {
    guard let title = spec.title, !title.isEmpty else { return ([], m.titleSize) }
    let room = spec.width - 16
    func width(_ text: String) -> Double {
      TextMetrics.width(text, fontSize: m.titleSize) * 1.08  // bold
    }
    let natural = width(title)
    if natural <= room { return ([title], m.titleSize) }
    if natural * 0.85 <= room { return ([title], m.titleSize * room / natural) }
    var lines: [String] = []
    var line = ""
    for word in title.split(separator: " ") {
      let candidate = line.isEmpty ? String(word) : line + " " + word
      if width(candidate) > room && !line.isEmpty {
        lines.append(line)
        line = String(word)
      } else {
        line = candidate
      }
    }
    if !line.isEmpty { lines.append(line) }
    return (lines, m.titleSize)
  }

  /// The box of a legend of `size` in an inside corner of the frame.
  func corner(_ placement: LegendPlacement, size: (width: Double, height: Double)) -> Frame {
    let inset = 8.0
    let left = [.topLeft, .bottomLeft].contains(placement)
    let top = [.topLeft, .topRight].contains(placement)
    let x = left ? frame.left + inset : frame.right - inset - size.width
    let y = top ? frame.top + inset : frame.bottom - inset - size.height
    return Frame(left: x, top: y, right: x + size.width, bottom: y + size.height)
  }

  /// The size of the legend box for the entries.
  static func legendSize(_ entries: [LegendEntry], metrics m: Metrics) -> (
    width: Double, height: Double
  ) {
    let widest = entries.map { TextMetrics.width($0.name, fontSize: m.fontSize) }.max() ?? 0
    return (6 + m.swatchWidth + 6 + widest + 6, 4 + Double(entries.count) * m.legendRow + 4)
  }

  /// The values at the two ends of a heatmap's colour scale.
  ///
  /// The author's `low` and `high` win; otherwise the data's range, made symmetric about zero
  /// for a diverging scale so that white means zero.
  static func colorRange(_ heatmap: Heatmap) -> (lo: Double, hi: Double) {
    let finite = heatmap.values.filter(\.isFinite)
    var lo = heatmap.low ?? finite.min() ?? 0
    var hi = heatmap.high ?? finite.max() ?? 1
    if heatmap.colorScale == .diverging && heatmap.low == nil && heatmap.high == nil {
      let m = max(abs(lo), abs(hi))
      (lo, hi) = (-m, m)
    }
    if lo > hi { swap(&lo, &hi) }
    if lo == hi { (lo, hi) = (lo - 0.5, hi + 0.5) }
    return (lo, hi)
  }
}
