/// Which parts of the plot area hold data, so the legend can go where it covers none.
///
/// Strokes and points mark cells of a coarse grid; filled shapes (bands, histogram outlines,
/// bars) are kept as polygons and tested at sample points of a candidate box.
struct Occupancy {
  private let cellSize = 4.0
  private let frame: Frame
  private let columns: Int
  private let rows: Int
  private var cells: [Bool]
  private var polygons: [[Point]] = []

  /// Gathers what the chart's marks and annotations cover on a layout.
  init(_ chart: Chart, layout: Layout, metrics: Metrics) {
    let geometry = Geometry(chart, layout: layout, metrics: metrics)
    self.init(marks: geometry.marks, frame: layout.frame)
    for annotation in geometry.annotations { add(annotation, metrics: metrics) }
  }

  /// Gathers what `marks` cover in `frame` (annotations are added with ``add(_:metrics:)``).
  init(marks: [MarkGeometry], frame: Frame) {
    self.frame = frame
    columns = max(1, Int((frame.width / cellSize).rounded(.up)) + 1)
    rows = max(1, Int((frame.height / cellSize).rounded(.up)) + 1)
    cells = Array(repeating: false, count: columns * rows)
    for geometryOfMark in marks {
      switch geometryOfMark {
      case .line(_, _, let segments, let bands, let markers):
        for segment in segments { markPolyline(segment) }
        for point in markers { markCells(point, radius: 4) }
        polygons += bands
      case .scatter(_, let points):
        for point in points { markCells(point, radius: 3) }
      case .histogram(_, let outline):
        polygons.append(outline)
      case .bars(_, let rects):
        polygons += rects.map { r in
          [
            Point(x: r.rect.left, y: r.rect.top), Point(x: r.rect.right, y: r.rect.top),
            Point(x: r.rect.right, y: r.rect.bottom), Point(x: r.rect.left, y: r.rect.bottom),
          ]
        }
      case .whiskers(_, let glyphs, let radius):
        for glyph in glyphs {
          if let (lower, upper) = glyph.whisker {
            markPolyline([Point(x: glyph.x, y: lower), Point(x: glyph.x, y: upper)])
            for y in [lower, upper] {
              markPolyline([
                Point(x: glyph.x - glyph.cap, y: y), Point(x: glyph.x + glyph.cap, y: y),
              ])
            }
          }
          if let mean = glyph.mean { markCells(Point(x: glyph.x, y: mean), radius: radius) }
        }
      case .heatmap:
        markPolyline([
          Point(x: frame.left, y: frame.top), Point(x: frame.right, y: frame.bottom),
        ])
      }
    }
  }

  /// Marks what an annotation covers: its line or point and its label.
  mutating func add(_ annotation: AnnotationGeometry, metrics: Metrics) {
    switch annotation {
    case .rule(let from, let to, let label, let anchor, let end):
      markPolyline([from, to])
      if let label { markLabel(label, at: anchor, end: end, metrics: metrics) }
    case .point(let point, let label, let anchor, let end):
      markCells(point, radius: 4)
      markLabel(label, at: anchor, end: end, metrics: metrics)
    }
  }

  /// The box a label's text covers when its baseline starts (or, with `end`, ends) at `anchor`.
  static func labelBox(_ label: String, at anchor: Point, end: Bool, metrics: Metrics) -> Frame {
    let width = TextMetrics.width(label, fontSize: metrics.fontSize)
    let left = end ? anchor.x - width : anchor.x
    return Frame(
      left: left, top: anchor.y - metrics.fontSize * 0.8, right: left + width,
      bottom: anchor.y + metrics.fontSize * 0.2)
  }

  /// How many occupied cells and sample points lie within `box` grown by `margin`.
  func count(in box: Frame, margin: Double) -> Int {
    let grown = Frame(
      left: box.left - margin, top: box.top - margin, right: box.right + margin,
      bottom: box.bottom + margin)
    var total = 0
    let (c0, r0) = cell(Point(x: grown.left, y: grown.top))
    let (c1, r1) = cell(Point(x: grown.right, y: grown.bottom))
    for r in max(r0, 0)...max(min(r1, rows - 1), 0) {
      for c in max(c0, 0)...max(min(c1, columns - 1), 0) where cells[r * columns + c] {
        total += 1
      }
    }
    for polygon in polygons where polygon.count >= 3 {
      for i in 0...4 {
        for j in 0...4 {
          let p = Point(
            x: grown.left + grown.width * Double(i) / 4, y: grown.top + grown.height * Double(j) / 4
          )
          if Self.contains(polygon, p) { total += 1 }
        }
      }
    }
    return total
  }

  private func cell(_ p: Point) -> (Int, Int) {
    // Clamped first, so points far outside the frame cannot overflow the conversion.
    let c = min(max(((p.x - frame.left) / cellSize).rounded(.down), -1), Double(columns))
    let r = min(max(((p.y - frame.top) / cellSize).rounded(.down), -1), Double(rows))
    return (Int(c), Int(r))
  }

  private mutating func markCells(_ p: Point, radius: Double) {
    let (c0, r0) = cell(Point(x: p.x - radius, y: p.y - radius))
    let (c1, r1) = cell(Point(x: p.x + radius, y: p.y + radius))
    guard c1 >= 0, r1 >= 0, c0 < columns, r0 < rows else { return }
    for r in max(r0, 0)...min(r1, rows - 1) {
      for c in max(c0, 0)...min(c1, columns - 1) { cells[r * columns + c] = true }
    }
  }

  private mutating func markPolyline(_ points: [Point]) {
    guard let first = points.first else { return }
    markCells(first, radius: 1)
    for (a, b) in zip(points, points.dropFirst()) {
      let length = max(abs(b.x - a.x), abs(b.y - a.y))
      let steps = Int(min(length / (cellSize / 2), 4000)) + 1
      for s in 1...steps {
        let t = Double(s) / Double(steps)
        markCells(Point(x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t), radius: 1)
      }
    }
  }

  private mutating func markLabel(_ label: String, at anchor: Point, end: Bool, metrics: Metrics) {
    let box = Self.labelBox(label, at: anchor, end: end, metrics: metrics)
    for y in [box.top + 1, (box.top + box.bottom) / 2, box.bottom - 1] {
      markPolyline([Point(x: box.left, y: y), Point(x: box.right, y: y)])
    }
  }

  /// Whether `p` lies inside the polygon (even–odd rule).
  static func contains(_ polygon: [Point], _ p: Point) -> Bool {
    var inside = false
    var j = polygon.count - 1
    for i in polygon.indices {
      let a = polygon[i]
      let b = polygon[j]
      if (a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x {
        inside.toggle()
      }
      j = i
    }
    return inside
  }
}
