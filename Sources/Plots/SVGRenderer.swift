import Foundation

/// Draws a ``PlotSpec`` as one self-contained, accessible `<svg>` element.
///
/// The output depends only on the spec and the id: numbers are written with fixed rounding,
/// nothing random or time-dependent enters, so rendering twice gives the same bytes. Axes and
/// text use `currentColor`, so the figure follows the page's light or dark colour scheme.
public struct SVGRenderer: Sendable {
  /// The size of tick labels, legend and annotation text in pixels; titles scale from it.
  public var fontSize: Double

  /// Creates a renderer with the given base font size.
  public init(fontSize: Double = 12) {
    self.fontSize = fontSize
  }

  /// Returns one complete `<svg>` element for the spec; `id` prefixes every id inside it.
  ///
  /// Characters other than ASCII letters, digits, `-` and `_` in `id` are replaced by `-`, so
  /// the ids stay valid in URLs and CSS selectors; give every plot on a page its own id.
  public func render(_ spec: PlotSpec, id: String) -> String {
    render(spec, id: Self.safeID(id), variant: nil, cellsOf: nil)
  }

  /// The narrow layout's width in SVG user units: shown at 330–540 CSS pixels, its text
  /// (``narrowFontSize``) stays at 10 CSS pixels or more.
  public static let narrowWidth = 340.0
  /// The narrow layout's font size.
  public static let narrowFontSize = 11.0

  /// Returns the figure in two layouts, for a page whose width varies: the spec's own (class
  /// `tb-wide`) and a narrow one ``narrowWidth`` units wide with ``narrowFontSize`` text and
  /// the legend below the plot when it does not fit inside (class `tb-narrow`, id `<id>-n`).
  /// The page shows one of them by its width (a container query), so text is never drawn
  /// smaller than 10 CSS pixels from a 360-pixel phone up. A heatmap's cells are written once,
  /// as a symbol of the wide layout that the narrow one uses.
  public func renderResponsive(_ spec: PlotSpec, id: String) -> String {
    let id = Self.safeID(id)
    let wide = render(spec, id: id, variant: "tb-wide", cellsOf: nil)
    var narrow = spec
    narrow.width = Self.narrowWidth
    narrow.height = (spec.height * 0.8).rounded()
    let small = SVGRenderer(fontSize: Self.narrowFontSize)
    // A legend that goes below the plot makes the figure taller, not the plot smaller.
    let metrics = Metrics(fontSize: Self.narrowFontSize)
    let chart = Chart(narrow)
    let layout = Layout(chart, metrics: metrics, legendBelow: true)
    if let legend = layout.legend, legend.top > layout.frame.bottom {
      narrow.height += Layout.belowLegendHeight(chart, metrics: metrics)
    }
    return wide + small.render(narrow, id: id + "-n", variant: "tb-narrow", cellsOf: id)
  }

  /// Draws `spec`; `variant` is an extra class (and makes a narrow layout put an outside legend
  /// below the plot); `cellsOf` names the figure whose heatmap-cell symbol this one uses
  /// instead of defining its own.
  func render(_ spec: PlotSpec, id: String, variant: String?, cellsOf: String?) -> String {
    let chart = Chart(spec)
    let metrics = Metrics(fontSize: fontSize)
    let layout = Layout(chart, metrics: metrics, legendBelow: variant == "tb-narrow")
    let geometry = Geometry(chart, layout: layout, metrics: metrics)
    var drawing = Drawing(
      chart: chart, layout: layout, geometry: geometry, metrics: metrics, id: id,
      svg: SVGWriter())
    drawing.variant = variant
    drawing.cellsOf = cellsOf
    drawing.root(description: altText(spec))
    return drawing.svg.output
  }

  /// Returns the text description of the figure: the author's `alt`, or one generated from it.
  public func altText(_ spec: PlotSpec) -> String {
    if let alt = spec.alt, !alt.isEmpty { return alt }
    return spec.generatedDescription
  }

  /// The id with every character outside `[A-Za-z0-9_-]` replaced, starting with a letter.
  static func safeID(_ id: String) -> String {
    var safe = String(
      id.unicodeScalars.map { scalar -> Character in
        let ok =
          scalar.isASCII
          && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-"
            || scalar == "_")
        return ok ? Character(scalar) : "-"
      })
    if safe.first.map({ !$0.isLetter }) ?? true { safe = "plot-" + safe }
    return safe
  }
}

/// The drawing of one chart: writes the SVG elements in order, back to front.
struct Drawing {
  /// The chart being drawn.
  let chart: Chart
  /// Where everything goes.
  let layout: Layout
  /// Where the marks and annotations lie.
  let geometry: Geometry
  /// Font sizes and spacing.
  let metrics: Metrics
  /// The id prefix.
  let id: String
  /// The markup written so far.
  var svg: SVGWriter
  /// An extra class on the root (`tb-wide`, `tb-narrow`).
  var variant: String?
  /// The id of the figure whose heatmap-cell symbol is used; `nil`: this figure defines it.
  var cellsOf: String?

  private var spec: PlotSpec { chart.spec }
  private var frame: Frame { layout.frame }

  /// Writes the whole `<svg>` element.
  mutating func root(description: String) {
    svg.open(
      "svg",
      [
        "xmlns": "http://www.w3.org/2000/svg", "id": id,
        "class": variant.map { "tb-plot " + $0 } ?? "tb-plot", "role": "img",
        "aria-labelledby": "\(id)-title \(id)-desc",
        "viewBox":
          "0 0 \(NumberFormat.coordinate(spec.width)) \(NumberFormat.coordinate(spec.height))",
        "width": spec.width, "height": spec.height, "style": "max-width:100%;height:auto",
        "font-family": "system-ui,-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif",
        "font-size": metrics.fontSize,
      ])
    svg.newline()
    svg.text("title", ["id": "\(id)-title"], chart.titleText)
    svg.newline()
    svg.text("desc", ["id": "\(id)-desc"], description)
    svg.newline()
    definitions()
    title()
    if chart.hasData {
      grid()
      marks()
      annotations()
      axes()
      legend()
      colorBar()
    } else {
      emptyFrame()
    }
    axisTitles()
    svg.close("svg")
    svg.newline()
  }

  // MARK: Frame, grid and axes

  private mutating func definitions() {
    svg.open("defs")
    svg.open("clipPath", ["id": "\(id)-clip"])
    svg.leaf(
      "rect",
      ["x": frame.left, "y": frame.top, "width": frame.width, "height": frame.height])
    svg.close("clipPath")
    if let heatmap = chart.heatmap {
      svg.open(
        "linearGradient", ["id": "\(id)-colors", "x1": "0", "y1": "1", "x2": "0", "y2": "0"])
      let anchors = Palette.anchors(heatmap.colorScale)
      for (i, color) in anchors.enumerated() {
        let offset = Double(i) / Double(anchors.count - 1)
        svg.leaf("stop", ["offset": offset, "stop-color": color.hex])
      }
      svg.close("linearGradient")
    }
    svg.close("defs")
    svg.newline()
  }

  private mutating func title() {
    // A long title gets a slightly smaller font, or wraps, and stays on the figure.
    let (lines, size) = Layout.titleLines(spec, metrics: metrics)
    for (number, line) in lines.enumerated() {
      let natural = TextMetrics.width(line, fontSize: size) * 1.08  // bold
      let half = min(natural, spec.width - 16) / 2
      let x = min(max((frame.left + frame.right) / 2, 8 + half), spec.width - 8 - half)
      svg.text(
        "text",
        [
          "x": x, "y": 12 + size * 0.8 + Double(number) * size * 1.25, "text-anchor": "middle",
          "font-size": size, "font-weight": "600", "fill": "currentColor",
        ], line)
      svg.newline()
    }
  }

  private mutating func grid() {
    guard chart.heatmap == nil else { return }
    var d = PathData()
    if chart.categories == nil {
      for tick in layout.xTicks where tick.label != nil {
        guard let x = visibleX(tick.value) else { continue }
        d.move(x, frame.top)
        d.vertical(to: frame.bottom)
      }
    }
    for tick in layout.yTicks where tick.label != nil {
      guard let y = visibleY(tick.value) else { continue }
      d.move(frame.left, y)
      d.horizontal(to: frame.right)
    }
    guard !d.isEmpty else { return }
    svg.leaf(
      "path",
      [
        "class": "tb-grid", "d": d.text, "fill": "none", "stroke": "currentColor",
        "stroke-opacity": 0.12, "stroke-width": 1,
      ])
    svg.newline()
  }

  private mutating func axes() {
    let tick = metrics.tickLength
    var d = PathData()
    d.move(frame.left, frame.top)
    d.vertical(to: frame.bottom)
    d.horizontal(to: frame.right)
    for t in layout.xTicks {
      guard let x = visibleX(t.value) else { continue }
      d.move(x, frame.bottom)
      d.vertical(by: t.label == nil ? tick * 0.6 : tick)
    }
    for t in layout.yTicks {
      guard let y = visibleY(t.value) else { continue }
      d.move(frame.left, y)
      d.horizontal(by: -(t.label == nil ? tick * 0.6 : tick))
    }
    if let categories = chart.categories {
      for i in 0...categories.count {
        guard let x = layout.x.position(Double(i)) else { continue }
        d.move(x, frame.bottom)
        d.vertical(by: tick)
      }
    }
    svg.leaf(
      "path",
      [
        "class": "tb-axes", "d": d.text, "fill": "none", "stroke": "currentColor",
        "stroke-opacity": 0.7, "stroke-width": 1,
      ])
    svg.newline()
    svg.open("g", ["class": "tb-ticks", "fill": "currentColor", "text-anchor": "middle"])
    let labelTop = frame.bottom + tick + 3 + metrics.fontSize * 0.8
    for t in layout.xTicks {
      guard let label = t.label, let x = visibleX(t.value) else { continue }
      svg.text("text", ["x": x, "y": labelTop], label)
    }
    if let categories = chart.categories {
      for (i, label) in categories.enumerated() {
        guard let a = layout.x.position(Double(i)), let b = layout.x.position(Double(i + 1))
        else { continue }
        let x = (a + b) / 2
        if layout.rotateCategories {
          let y = frame.bottom + tick + 3 + metrics.fontSize * 0.5
          svg.text(
            "text",
            [
              "x": x, "y": y, "text-anchor": "end",
              "transform": "rotate(-30 \(c(x)) \(c(y)))",
            ], label)
        } else {
          svg.text("text", ["x": x, "y": labelTop], label)
        }
      }
    }
    for t in layout.yTicks {
      guard let label = t.label, let y = visibleY(t.value) else { continue }
      svg.text(
        "text",
        ["x": frame.left - tick - 3, "y": y + metrics.fontSize * 0.35, "text-anchor": "end"],
        label)
    }
    svg.close("g")
    svg.newline()
  }

  private mutating func axisTitles() {
    let size = metrics.labelSize
    if !spec.x.label.isEmpty {
      svg.text(
        "text",
        [
          "class": "tb-axis-title", "x": (frame.left + frame.right) / 2,
          "y": spec.height - 10 - layout.belowLegendHeight, "text-anchor": "middle",
          "font-size": size,
          "fill": "currentColor",
        ], spec.x.label)
      svg.newline()
    }
    if !spec.y.label.isEmpty {
      let x = layout.yTitleX
      let y = (frame.top + frame.bottom) / 2
      svg.text(
        "text",
        [
          "class": "tb-axis-title", "x": x, "y": y, "text-anchor": "middle", "font-size": size,
          "fill": "currentColor", "transform": "rotate(-90 \(c(x)) \(c(y)))",
        ], spec.y.label)
      svg.newline()
    }
  }

  private mutating func emptyFrame() {
    svg.leaf(
      "rect",
      [
        "x": frame.left, "y": frame.top, "width": frame.width, "height": frame.height,
        "fill": "none", "stroke": "currentColor", "stroke-opacity": 0.3,
      ])
    svg.text(
      "text",
      [
        "x": (frame.left + frame.right) / 2, "y": (frame.top + frame.bottom) / 2,
        "text-anchor": "middle", "fill": "currentColor", "fill-opacity": 0.7,
      ], "No data to plot")
    svg.newline()
  }

  // MARK: Marks

  private mutating func marks() {
    svg.open("g", ["class": "tb-marks", "clip-path": "url(#\(id)-clip)"])
    svg.newline()
    // Bands go underneath every line, so no band hides another series' line.
    for case .line(let style, _, _, let bands, _) in geometry.marks where !bands.isEmpty {
      svg.leaf(
        "path",
        [
          "class": "tb-band", "d": path(bands, closed: true), "fill": color(style),
          "fill-opacity": 0.18, "stroke": "none",
        ])
      svg.newline()
    }
    let histogramOpacity = Chart.histogramOpacity(count: chart.histograms.count)
    for shape in geometry.marks {
      switch shape {
      case .line(let style, let series, let segments, _, let markers):
        svg.leaf(
          "path",
          [
            "class": "tb-line", "d": path(segments, closed: false), "fill": "none",
            "stroke": color(style), "stroke-width": 1.75, "stroke-linejoin": "round",
            "stroke-linecap": "round",
            "stroke-dasharray": Palette.dash(style, dashed: series.dashed),
          ])
        if !markers.isEmpty {
          svg.leaf(
            "path",
            [
              "class": "tb-markers", "d": markerPath(markers, Palette.marker(style), size: 3.5),
              "fill": color(style),
            ])
        }
      case .scatter(let style, let points):
        svg.leaf(
          "path",
          [
            "class": "tb-points", "d": markerPath(points, Palette.marker(style), size: 3),
            "fill": color(style), "fill-opacity": 0.75,
          ])
      case .histogram(let style, let outline):
        guard !outline.isEmpty else { continue }
        svg.leaf(
          "path",
          [
            "class": "tb-histogram", "d": path([outline], closed: true), "fill": color(style),
            "fill-opacity": histogramOpacity, "stroke": color(style),
            "stroke-width": Chart.histogramStroke(count: chart.histograms.count),
          ])
      case .bars(let style, let rects):
        svg.open("g", ["class": "tb-bars"])
        for (group, rect) in rects {
          svg.leaf(
            "rect",
            [
              "x": rect.left, "y": rect.top, "width": rect.width, "height": rect.height,
              "fill": color(style + group),
            ])
        }
        svg.close("g")
      case .whiskers(let style, let glyphs, let radius):
        whiskers(glyphs, style: style, radius: radius)
      case .heatmap(let heatmap):
        cells(heatmap)
      }
      svg.newline()
    }
    svg.close("g")
    svg.newline()
  }

  /// Draws points with whiskers: per group, one path of capped whiskers and one of markers on
  /// top, in the group's colour and marker shape.
  private mutating func whiskers(_ glyphs: [WhiskerGlyph], style: Int, radius: Double) {
    svg.open("g", ["class": "tb-whiskers"])
    let groups = Set(glyphs.map(\.group)).sorted()
    for group in groups {
      let mine = glyphs.filter { $0.group == group }
      var d = PathData()
      for glyph in mine {
        guard let (lower, upper) = glyph.whisker else { continue }
        d.move(glyph.x, lower)
        d.vertical(to: upper)
        for y in [lower, upper] {
          d.move(glyph.x - glyph.cap, y)
          d.horizontal(to: glyph.x + glyph.cap)
        }
      }
      if !d.isEmpty {
        svg.leaf(
          "path",
          [
            "class": "tb-whisker", "d": d.text, "fill": "none", "stroke": color(style + group),
            "stroke-width": 1.5,
          ])
      }
      let points = mine.compactMap { glyph in glyph.mean.map { Point(x: glyph.x, y: $0) } }
      if !points.isEmpty {
        svg.leaf(
          "path",
          [
            "class": "tb-means",
            "d": markerPath(points, Palette.marker(style + group), size: radius),
            "fill": color(style + group),
          ])
      }
    }
    svg.close("g")
  }

  /// Draws heatmap cells, merging runs of equal colour within a row into one rectangle.
  ///
  /// The cells are a `<symbol>` in grid units (one unit per cell) placed on the frame by
  /// `<use>`, so another layout of the same figure (``cellsOf``) places the same symbol
  /// without writing the cells again. Matrices with more than 40,000 cells are averaged over
  /// square blocks first, so the SVG stays small; a 28 × 28 mask draws every cell.
  private mutating func cells(_ heatmap: Heatmap) {
    let rows = heatmap.rows
    let cols = heatmap.cols
    guard rows > 0, cols > 0, heatmap.values.count >= rows * cols else { return }
    let symbol = (cellsOf ?? id) + "-cells"
    if cellsOf == nil {
      svg.open(
        "symbol",
        [
          "id": symbol, "viewBox": "0 0 \(cols) \(rows)", "preserveAspectRatio": "none",
          "shape-rendering": "crispEdges",
        ])
      unitCells(heatmap)
      svg.close("symbol")
    }
    svg.leaf(
      "use",
      [
        "href": "#" + symbol, "class": "tb-heatmap", "x": frame.left, "y": frame.top,
        "width": frame.width, "height": frame.height,
      ])
  }

  /// The cells in grid units: column `c` spans x from `c` to `c + 1` in the frame's direction.
  private mutating func unitCells(_ heatmap: Heatmap) {
    let rows = heatmap.rows
    let cols = heatmap.cols
    let block = max(1, Int((Double(rows * cols) / 40_000).squareRoot().rounded(.up)))
    let (lo, hi) = Layout.colorRange(heatmap)
    func unitX(_ position: Double) -> Double {
      ((position - frame.left) / frame.width * Double(cols) * 1000).rounded() / 1000
    }
    func unitY(_ position: Double) -> Double {
      ((position - frame.top) / frame.height * Double(rows) * 1000).rounded() / 1000
    }
    for r in stride(from: 0, to: rows, by: block) {
      let r1 = min(r + block, rows)
      guard let pa = layout.y.position(Double(r) - 0.5),
        let pb = layout.y.position(Double(r1) - 0.5)
      else { continue }
      let ya = unitY(pa)
      let yb = unitY(pb)
      // Horizontally adjacent blocks of one colour become one rectangle.
      var run: (from: Double, to: Double, fill: String)?
      for col in stride(from: 0, to: cols, by: block) {
        let c1 = min(col + block, cols)
        var sum = 0.0
        var n = 0
        for i in r..<r1 {
          for j in col..<c1 where heatmap.values[i * cols + j].isFinite {
            sum += heatmap.values[i * cols + j]
            n += 1
          }
        }
        guard let pxa = layout.x.position(Double(col) - 0.5),
          let pxb = layout.x.position(Double(c1) - 0.5)
        else { continue }
        let xa = unitX(pxa)
        let xb = unitX(pxb)
        let t = (sum / Double(max(n, 1)) - lo) / (hi - lo)
        let fill = n == 0 ? nil : Palette.color(heatmap.colorScale, at: t).hex
        if let current = run, current.fill == fill {
          run = (min(current.from, xa, xb), max(current.to, xa, xb), current.fill)
          continue
        }
        if let current = run { cellRect(current.from, current.to, ya, yb, current.fill) }
        run = fill.map { (min(xa, xb), max(xa, xb), $0) }
      }
      if let current = run { cellRect(current.from, current.to, ya, yb, current.fill) }
    }
  }

  private mutating func cellRect(
    _ x0: Double, _ x1: Double, _ ya: Double, _ yb: Double, _ fill: String
  ) {
    svg.leaf(
      "rect",
      ["x": x0, "y": min(ya, yb), "width": x1 - x0, "height": abs(yb - ya), "fill": fill])
  }

  // MARK: Annotations, legend and colour bar

  private mutating func annotations() {
    guard !geometry.annotations.isEmpty else { return }
    svg.open("g", ["class": "tb-annotations", "fill": "currentColor"])
    for annotation in geometry.annotations {
      switch annotation {
      case .rule(let from, let to, let label, let anchor, let end):
        svg.leaf(
          "line",
          [
            "x1": from.x, "y1": from.y, "x2": to.x, "y2": to.y, "stroke": "currentColor",
            "stroke-opacity": 0.65, "stroke-width": 1.25, "stroke-dasharray": "5 4",
          ])
        if let label { annotationLabel(label, anchor, end: end) }
      case .point(let point, let label, let anchor, let end):
        svg.leaf(
          "circle",
          [
            "cx": point.x, "cy": point.y, "r": 4.5, "fill": "none", "stroke": "currentColor",
            "stroke-width": 1.5,
          ])
        annotationLabel(label, anchor, end: end)
      }
    }
    svg.close("g")
    svg.newline()
  }

  private mutating func annotationLabel(_ label: String, _ anchor: Point, end: Bool) {
    svg.text(
      "text", ["x": anchor.x, "y": anchor.y, "text-anchor": end ? "end" : nil], label)
  }

  private mutating func legend() {
    guard let box = layout.legend else { return }
    svg.open("g", ["class": "tb-legend", "fill": "currentColor"])
    let row = metrics.legendRow
    for (i, entry) in chart.legendEntries.enumerated() {
      let cy = box.top + 4 + (Double(i) + 0.5) * row
      let x0 = box.left + 6
      let x1 = x0 + metrics.swatchWidth
      let color = entry.color.hex
      switch entry.swatch {
      case .line(let dash, let marker, let band):
        if band {
          svg.leaf(
            "rect",
            [
              "x": x0, "y": cy - 5, "width": x1 - x0, "height": 10, "fill": color,
              "fill-opacity": 0.18,
            ])
        }
        svg.leaf(
          "line",
          [
            "x1": x0, "y1": cy, "x2": x1, "y2": cy, "stroke": color, "stroke-width": 1.75,
            "stroke-dasharray": dash, "stroke-linecap": "round",
          ])
        if let marker {
          svg.leaf(
            "path",
            ["d": markerPath([Point(x: (x0 + x1) / 2, y: cy)], marker, size: 3.5), "fill": color])
        }
      case .point(let marker):
        svg.leaf(
          "path",
          ["d": markerPath([Point(x: (x0 + x1) / 2, y: cy)], marker, size: 3.5), "fill": color])
      case .area(let opacity):
        svg.leaf(
          "rect",
          [
            "x": x0 + 4, "y": cy - 5, "width": x1 - x0 - 8, "height": 10, "fill": color,
            "fill-opacity": opacity, "stroke": color, "stroke-width": opacity < 0.3 ? 2 : 1,
          ])
      case .whisker(let marker):
        let x = (x0 + x1) / 2
        var d = PathData()
        d.move(x, cy - 6)
        d.vertical(to: cy + 6)
        for y in [cy - 6, cy + 6] {
          d.move(x - 3.5, y)
          d.horizontal(to: x + 3.5)
        }
        svg.leaf("path", ["d": d.text, "fill": "none", "stroke": color, "stroke-width": 1.5])
        svg.leaf(
          "path", ["d": markerPath([Point(x: x, y: cy)], marker, size: 3.5), "fill": color])
      }
      svg.text("text", ["x": x1 + 6, "y": cy + metrics.fontSize * 0.35], entry.name)
    }
    svg.close("g")
    svg.newline()
  }

  private mutating func colorBar() {
    guard let bar = layout.colorBar else { return }
    let f = bar.frame
    svg.open("g", ["class": "tb-colorbar", "fill": "currentColor"])
    svg.leaf(
      "rect",
      [
        "x": f.left, "y": f.top, "width": f.width, "height": f.height,
        "fill": "url(#\(id)-colors)", "stroke": "currentColor", "stroke-opacity": 0.3,
      ])
    var d = PathData()
    var widest = 0.0
    for tick in bar.ticks {
      let y = f.bottom - (tick.value - bar.lo) / (bar.hi - bar.lo) * f.height
      guard let label = tick.label, y >= f.top - 0.5, y <= f.bottom + 0.5 else { continue }
      d.move(f.right, y)
      d.horizontal(by: metrics.tickLength)
      svg.text(
        "text",
        ["x": f.right + metrics.tickLength + 3, "y": y + metrics.fontSize * 0.35], label)
      widest = max(widest, TextMetrics.width(label, fontSize: metrics.fontSize))
    }
    svg.leaf(
      "path", ["d": d.text, "stroke": "currentColor", "stroke-opacity": 0.7, "fill": "none"])
    if let label = chart.heatmap?.label, !label.isEmpty {
      let x = f.right + metrics.tickLength + 3 + widest + 8 + metrics.labelSize * 0.8
      let y = (f.top + f.bottom) / 2
      svg.text(
        "text",
        [
          "x": x, "y": y, "text-anchor": "middle", "font-size": metrics.labelSize,
          "transform": "rotate(90 \(c(x)) \(c(y)))",
        ], label)
    }
    svg.close("g")
    svg.newline()
  }

  // MARK: Helpers

  private func color(_ style: Int) -> String {
    Palette.color(style).hex
  }

  private func c(_ value: Double) -> String {
    NumberFormat.coordinate(value)
  }

  private func visibleX(_ value: Double) -> Double? {
    guard let x = layout.x.position(value), x >= frame.left - 0.5, x <= frame.right + 0.5 else {
      return nil
    }
    return x
  }

  private func visibleY(_ value: Double) -> Double? {
    guard let y = layout.y.position(value), y >= frame.top - 0.5, y <= frame.bottom + 0.5 else {
      return nil
    }
    return y
  }

  /// Path data through each piece's points, each piece starting with a move.
  private func path(_ pieces: [[Point]], closed: Bool) -> String {
    var d = PathData()
    d.polylines(pieces, closed: closed)
    return d.text
  }

  /// Path data drawing one marker shape at every point, so a series is a single element.
  private func markerPath(_ points: [Point], _ marker: Palette.Marker, size r: Double) -> String {
    var d = PathData()
    d.markers(points, marker, size: r)
    return d.text
  }
}
