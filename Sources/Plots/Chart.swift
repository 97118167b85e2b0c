import Foundation

/// A histogram after counting: its bin edges and bar heights.
struct BinnedHistogram: Equatable {
  /// The increasing bin edges, one more than `heights`.
  var edges: [Double]
  /// The count (or density) in each bin.
  var heights: [Double]
  /// How many values were counted.
  var counted: Int
}

/// How a legend entry is drawn.
enum LegendSwatch: Equatable {
  /// A short line with its dash pattern, marker and band.
  case line(dash: String?, marker: Palette.Marker?, band: Bool)
  /// A single marker.
  case point(Palette.Marker)
  /// A filled box (histogram or bar).
  case area(opacity: Double)
  /// A marker on a short capped vertical whisker.
  case whisker(Palette.Marker)
}

/// One row of the legend.
struct LegendEntry: Equatable {
  /// The series name.
  var name: String
  /// The series colour.
  var color: RGB
  /// What stands beside the name.
  var swatch: LegendSwatch
}

/// A spec prepared for drawing and describing: styles assigned, histograms counted, extents
/// gathered.
struct Chart {
  /// What kind of chart the marks make, for titles and descriptions.
  enum Kind: Equatable {
    /// No marks.
    case empty
    /// Only line series.
    case line
    /// Only scatter series.
    case scatter
    /// Only histograms.
    case histogram
    /// A heatmap.
    case heatmap
    /// Bars with one group.
    case bar
    /// Bars with several groups.
    case groupedBar
    /// Points with whiskers.
    case whiskers
    /// Several kinds of marks.
    case mixed
  }

  /// The spec being drawn.
  let spec: PlotSpec
  /// The kind of chart.
  let kind: Kind
  /// The style index of each mark (colour, dash, marker), by mark position.
  let styles: [Int]
  /// The counted histograms, by mark position.
  let histograms: [Int: BinnedHistogram]
  /// The values the x axis must show.
  let xExtent: Extent
  /// The values the y axis must show.
  let yExtent: Extent
  /// The first heatmap, which fixes both axes to its cells.
  let heatmap: Heatmap?
  /// The categories of the first bar or whisker mark, which fix the x axis to bands.
  let categories: [String]?
  /// The legend rows, in mark order.
  let legendEntries: [LegendEntry]
  /// Whether anything at all can be drawn.
  let hasData: Bool

  /// Prepares a spec.
  init(_ spec: PlotSpec) {
    self.spec = spec
    var styles: [Int] = []
    var nextStyle = 0
    var heatmap: Heatmap?
    var categories: [String]?
    for mark in spec.marks {
      styles.append(nextStyle)
      switch mark {
      case .line, .scatter, .histogram: nextStyle += 1
      case .heatmap(let h): heatmap = heatmap ?? h
      case .bar(let b):
        categories = categories ?? b.categories
        nextStyle += b.groups.count
      case .whiskers(let w):
        categories = categories ?? w.categories
        nextStyle += w.groups.count
      }
    }
    self.styles = styles
    self.heatmap = heatmap
    self.categories = heatmap == nil ? categories : nil
    kind = Self.kind(of: spec.marks)
    histograms = Self.count(spec.marks, xScale: spec.x.scale, yScale: spec.y.scale)

    var x = Extent(scale: heatmap != nil || categories != nil ? .linear : spec.x.scale)
    var y = Extent(scale: heatmap != nil ? .linear : spec.y.scale)
    var hasData = false
    for (index, mark) in spec.marks.enumerated() {
      switch mark {
      case .line(let s), .scatter(let s):
        for (px, py) in zip(s.x, s.y) where x.isDrawable(px) && y.isDrawable(py) {
          x.include(px)
          y.include(py)
          hasData = true
        }
        for band in [s.lower, s.upper] {
          for (px, py) in zip(s.x, band ?? []) where x.isDrawable(px) { y.include(py) }
        }
      case .histogram:
        guard let binned = histograms[index], binned.counted > 0 else { continue }
        hasData = true
        x.include(binned.edges.first!)
        x.include(binned.edges.last!)
        y.includeBaseline(0)
        y.include(binned.heights)
      case .heatmap(let h):
        hasData = hasData || (h.rows > 0 && h.cols > 0 && h.values.contains { $0.isFinite })
      case .bar(let b):
        y.includeBaseline(0)
        for group in b.groups {
          for v in group.values.prefix(b.categories.count) where v.isFinite {
            y.include(v)
            hasData = true
          }
        }
      case .whiskers(let w):
        // No baseline: the axis fits the points and whiskers, so small gaps stay visible.
        for group in w.groups {
          for values in [group.mean, group.lower, group.upper] {
            for v in values.prefix(w.categories.count) where y.isDrawable(v) {
              y.include(v)
              hasData = true
            }
          }
        }
      }
    }
    for annotation in spec.annotations {
      switch annotation {
      case .horizontalLine(let value, _): y.include(value)
      case .verticalLine(let value, _): x.include(value)
      case .point(let px, let py, _):
        x.include(px)
        y.include(py)
      }
    }
    if let heatmap {
      x = Extent(scale: .linear)
      x.include([-0.5, Double(heatmap.cols) - 0.5])
      y = Extent(scale: .linear)
      y.include([-0.5, Double(heatmap.rows) - 0.5])
    } else if let categories {
      x = Extent(scale: .linear)
      x.include([0, Double(max(categories.count, 1))])
    }
    xExtent = x
    yExtent = y
    self.hasData = hasData
    legendEntries = Self.legend(spec.marks, styles: styles, histograms: histograms.count)
  }

  /// The scale the x axis is drawn with (heatmaps and bars force a linear one).
  var xScale: Scale { xExtent.scale }

  /// The scale the y axis is drawn with.
  var yScale: Scale { yExtent.scale }

  private static func kind(of marks: [Mark]) -> Kind {
    var kinds = Set<String>()
    var groups = 0
    for mark in marks {
      switch mark {
      case .line: kinds.insert("line")
      case .scatter: kinds.insert("scatter")
      case .histogram: kinds.insert("histogram")
      case .heatmap: kinds.insert("heatmap")
      case .bar(let b):
        kinds.insert("bar")
        groups += b.groups.count
      case .whiskers: kinds.insert("whiskers")
      }
    }
    guard kinds.count == 1, let only = kinds.first else { return kinds.isEmpty ? .empty : .mixed }
    switch only {
    case "line": return .line
    case "scatter": return .scatter
    case "histogram": return .histogram
    case "heatmap": return .heatmap
    case "whiskers": return .whiskers
    default: return groups > 1 ? .groupedBar : .bar
    }
  }

  private static func legend(_ marks: [Mark], styles: [Int], histograms: Int) -> [LegendEntry] {
    var entries: [LegendEntry] = []
    for (mark, style) in zip(marks, styles) {
      switch mark {
      case .line(let s) where !s.name.isEmpty:
        let swatch = LegendSwatch.line(
          dash: Palette.dash(style, dashed: s.dashed),
          marker: s.markers ? Palette.marker(style) : nil,
          band: s.lower != nil && s.upper != nil)
        entries.append(LegendEntry(name: s.name, color: Palette.color(style), swatch: swatch))
      case .scatter(let s) where !s.name.isEmpty:
        entries.append(
          LegendEntry(
            name: s.name, color: Palette.color(style), swatch: .point(Palette.marker(style))))
      case .histogram(let h) where !h.name.isEmpty:
        entries.append(
          LegendEntry(
            name: h.name, color: Palette.color(style),
            swatch: .area(opacity: histogramOpacity(count: histograms))))
      case .bar(let b):
        for (offset, group) in b.groups.enumerated() where !group.name.isEmpty {
          entries.append(
            LegendEntry(
              name: group.name, color: Palette.color(style + offset), swatch: .area(opacity: 1)))
        }
      case .whiskers(let w):
        for (offset, group) in w.groups.enumerated() where !group.name.isEmpty {
          entries.append(
            LegendEntry(
              name: group.name, color: Palette.color(style + offset),
              swatch: .whisker(Palette.marker(style + offset))))
        }
      default: break
      }
    }
    return entries
  }

  /// The fill opacity of histogram bars: see-through when several overlay.
  ///
  /// Overlaid histograms are drawn mostly as outlines (``histogramStroke(count:)``) over a faint
  /// fill, so where they overlap both stay visible instead of blending into a third colour.
  static func histogramOpacity(count: Int) -> Double {
    count > 1 ? 0.1 : 0.6
  }

  /// The width of a histogram's outline: heavier when several overlay.
  static func histogramStroke(count: Int) -> Double {
    count > 1 ? 2 : 1.25
  }

  /// Counts every histogram; those without explicit edges share edges over all their values.
  static func count(_ marks: [Mark], xScale: Scale, yScale: Scale) -> [Int: BinnedHistogram] {
    var shared = Extent(scale: xScale)
    var largest = 0
    var requested: Int?
    for case .histogram(let h) in marks where h.edges == nil {
      shared.include(h.values)
      largest = max(largest, h.values.count)
      requested = requested ?? h.bins
    }
    // Rice's rule, 2·∛n bins, kept between 10 and 80.
    let rice = Int((2 * cbrt(Double(largest))).rounded(.up))
    let binCount = max(1, requested ?? min(80, max(10, rice)))
    let sharedEdges = edges(shared, count: binCount)
    var result: [Int: BinnedHistogram] = [:]
    for (index, mark) in marks.enumerated() {
      guard case .histogram(let h) = mark else { continue }
      let edges = (h.edges?.count ?? 0) >= 2 ? h.edges!.sorted() : sharedEdges
      result[index] = bin(h, edges: edges, scale: xScale)
    }
    return result
  }

  private static func edges(_ extent: Extent, count: Int) -> [Double] {
    guard !extent.isEmpty else { return [] }
    let log = extent.scale == .log
    var lo = log ? log10(extent.lo) : extent.lo
    var hi = log ? log10(extent.hi) : extent.hi
    if lo == hi {
      lo -= 0.5
      hi += 0.5
    }
    return (0...count).map { i in
      let t = i == count ? hi : lo + (hi - lo) * Double(i) / Double(count)
      return log ? pow(10, t) : t
    }
  }

  static func bin(_ h: Histogram, edges: [Double], scale: Scale) -> BinnedHistogram {
    guard edges.count >= 2 else { return BinnedHistogram(edges: [], heights: [], counted: 0) }
    var counts = [Double](repeating: 0, count: edges.count - 1)
    var counted = 0
    if let given = h.counts, h.edges != nil {
      for i in counts.indices where i < given.count && given[i].isFinite && given[i] > 0 {
        counts[i] = given[i]
        counted += Int(given[i])
      }
      if h.density && counted > 0 {
        for i in counts.indices { counts[i] /= Double(counted) * (edges[i + 1] - edges[i]) }
      }
      return BinnedHistogram(edges: edges, heights: counts, counted: counted)
    }
    let extent = Extent(scale: scale)
    for value in h.values where extent.isDrawable(value) {
      guard value >= edges[0], value <= edges[edges.count - 1] else { continue }
      // The last bin is closed on the right; the others are [lo, hi).
      var lo = 0
      var hi = edges.count - 1
      while hi - lo > 1 {
        let mid = (lo + hi) / 2
        if value >= edges[mid] { lo = mid } else { hi = mid }
      }
      counts[lo] += 1
      counted += 1
    }
    if h.density && counted > 0 {
      for i in counts.indices {
        counts[i] /= Double(counted) * (edges[i + 1] - edges[i])
      }
    }
    return BinnedHistogram(edges: edges, heights: counts, counted: counted)
  }
}
