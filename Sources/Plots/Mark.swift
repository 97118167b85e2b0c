/// One thing drawn in a plot: a line or scatter series, a histogram, a heatmap, a set of bars or
/// points with whiskers.
///
/// In JSON a mark is an object with a single key naming its kind, e.g. `{"line": {...}}`.
public enum Mark: Codable, Equatable, Sendable {
  /// A polyline through the points, with an optional shaded band between `lower` and `upper`.
  case line(Series)
  /// Unconnected points drawn as circles.
  case scatter(Series)
  /// Counts of values in bins; several histograms in one plot share bins and overlay.
  case histogram(Histogram)
  /// A grid of coloured cells with a colour bar.
  case heatmap(Heatmap)
  /// Bars per category; several groups make a grouped bar chart.
  case bar(Bars)
  /// Per category, a point at each group's mean with a whisker over its range; several groups
  /// sit side by side, on a y axis fitted to the whiskers rather than starting at zero.
  case whiskers(WhiskerSet)

  private enum Kind: String, CodingKey {
    case line, scatter, histogram, heatmap, bar, whiskers
  }

  /// Decodes a mark from an object with exactly one key naming its kind.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: Kind.self)
    guard c.allKeys.count == 1, let kind = c.allKeys.first else {
      throw DecodingError.dataCorrupted(
        DecodingError.Context(
          codingPath: decoder.codingPath,
          debugDescription:
            "A mark needs exactly one of: line, scatter, histogram, heatmap, bar, whiskers"))
    }
    switch kind {
    case .line: self = .line(try c.decode(Series.self, forKey: kind))
    case .scatter: self = .scatter(try c.decode(Series.self, forKey: kind))
    case .histogram: self = .histogram(try c.decode(Histogram.self, forKey: kind))
    case .heatmap: self = .heatmap(try c.decode(Heatmap.self, forKey: kind))
    case .bar: self = .bar(try c.decode(Bars.self, forKey: kind))
    case .whiskers: self = .whiskers(try c.decode(WhiskerSet.self, forKey: kind))
    }
  }

  /// Encodes the mark as an object with one key naming its kind.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: Kind.self)
    switch self {
    case .line(let s): try c.encode(s, forKey: .line)
    case .scatter(let s): try c.encode(s, forKey: .scatter)
    case .histogram(let h): try c.encode(h, forKey: .histogram)
    case .heatmap(let h): try c.encode(h, forKey: .heatmap)
    case .bar(let b): try c.encode(b, forKey: .bar)
    case .whiskers(let w): try c.encode(w, forKey: .whiskers)
    }
  }
}

/// A named series of points, used by line and scatter marks.
public struct Series: Codable, Equatable, Sendable {
  /// The name shown in the legend and the description.
  public var name: String
  /// The horizontal coordinates.
  public var x: [Double]
  /// The vertical coordinates, one per `x`.
  public var y: [Double]
  /// The lower edge of a shaded band (a minimum or mean − std), one per `x`.
  public var lower: [Double]?
  /// The upper edge of a shaded band (a maximum or mean + std), one per `x`.
  public var upper: [Double]?
  /// Whether each point of a line is also drawn as a marker.
  public var markers: Bool
  /// Whether the line is dashed.
  public var dashed: Bool

  /// Creates a series; `lower` and `upper` together give a band around the line.
  public init(
    _ name: String,
    x: [Double],
    y: [Double],
    lower: [Double]? = nil,
    upper: [Double]? = nil,
    markers: Bool = false,
    dashed: Bool = false
  ) {
    self.name = name
    self.x = x
    self.y = y
    self.lower = lower
    self.upper = upper
    self.markers = markers
    self.dashed = dashed
  }

  /// Creates a series from any floating-point values (`Float` tensors, for instance).
  public init<X: BinaryFloatingPoint, Y: BinaryFloatingPoint>(
    _ name: String,
    x: [X],
    y: [Y],
    lower: [Y]? = nil,
    upper: [Y]? = nil,
    markers: Bool = false,
    dashed: Bool = false
  ) {
    self.init(
      name, x: doubles(x), y: doubles(y), lower: lower.map(doubles), upper: upper.map(doubles),
      markers: markers, dashed: dashed)
  }

  /// Creates a series whose x values are 0, 1, 2, … (an epoch or step index).
  public init(_ name: String, y: [Double], markers: Bool = false, dashed: Bool = false) {
    self.init(
      name, x: y.indices.map(Double.init), y: y, markers: markers, dashed: dashed)
  }

  private enum CodingKeys: String, CodingKey {
    case name, x, y, lower, upper, markers, dashed
  }

  /// Decodes a series, taking the default for every key that is absent.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    name = try c.decode(.name, default: "")
    x = try c.decode(.x, default: [])
    y = try c.decode(.y, default: [])
    lower = try c.decodeIfPresent([Double].self, forKey: .lower)
    upper = try c.decodeIfPresent([Double].self, forKey: .upper)
    markers = try c.decode(.markers, default: false)
    dashed = try c.decode(.dashed, default: false)
  }
}

/// A distribution of values counted in bins.
///
/// When a plot holds several histograms with a bin count (no explicit edges), they share one
/// set of edges spanning all their values, so the overlaid bars line up.
public struct Histogram: Codable, Equatable, Sendable {
  /// The name shown in the legend ("before pruning").
  public var name: String
  /// The raw values; NaN and infinite values are not counted.
  public var values: [Double]
  /// The number of equal-width bins; chosen from the data when both this and `edges` are `nil`.
  public var bins: Int?
  /// Explicit increasing bin edges (one more than the number of bins); wins over `bins`.
  public var edges: [Double]?
  /// Whether bar heights are densities (area 1) rather than counts.
  public var density: Bool
  /// Values already counted: how many fell in each bin of ``edges`` (``PlotSpec/counted()``
  /// stores a histogram this way, so a page's value holds its bars, not every value).
  public var counts: [Double]?
  /// The smallest and largest counted value, for the plot's description, when ``counts`` are
  /// given instead of values.
  public var valueRange: [Double]?

  /// Creates a histogram of `values`.
  public init(
    _ name: String, values: [Double], bins: Int? = nil, edges: [Double]? = nil,
    density: Bool = false
  ) {
    self.name = name
    self.values = values
    self.bins = bins
    self.edges = edges
    self.density = density
  }

  /// Creates a histogram already counted: `counts[i]` values in `[edges[i], edges[i+1])`, the
  /// last bin closed; `valueRange` gives the smallest and largest value.
  public init(
    _ name: String, edges: [Double], counts: [Double], valueRange: [Double]? = nil,
    density: Bool = false
  ) {
    self.init(name, values: [], edges: edges, density: density)
    self.counts = counts
    self.valueRange = valueRange
  }

  /// Creates a histogram of any floating-point values (`Float` weights, for instance).
  public init<T: BinaryFloatingPoint>(
    _ name: String, values: [T], bins: Int? = nil, edges: [Double]? = nil, density: Bool = false
  ) {
    self.init(name, values: doubles(values), bins: bins, edges: edges, density: density)
  }

  private enum CodingKeys: String, CodingKey {
    case name, values, bins, edges, density, counts, valueRange
  }

  /// Decodes a histogram, taking the default for every key that is absent.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    name = try c.decode(.name, default: "")
    values = try c.decode(.values, default: [])
    bins = try c.decodeIfPresent(Int.self, forKey: .bins)
    edges = try c.decodeIfPresent([Double].self, forKey: .edges)
    density = try c.decode(.density, default: false)
    counts = try c.decodeIfPresent([Double].self, forKey: .counts)
    valueRange = try c.decodeIfPresent([Double].self, forKey: .valueRange)
  }
}

/// A matrix drawn as coloured cells, row 0 at the top, with a colour bar.
public struct Heatmap: Codable, Equatable, Sendable {
  /// The number of rows.
  public var rows: Int
  /// The number of columns.
  public var cols: Int
  /// The cell values in row-major order (`rows × cols` of them).
  public var values: [Double]
  /// How values map to colours.
  public var colorScale: ColorScale
  /// The value drawn with the lowest colour; the data's minimum when `nil`.
  public var low: Double?
  /// The value drawn with the highest colour; the data's maximum when `nil`.
  public var high: Double?
  /// The colour bar's title ("weight", "kept").
  public var label: String?

  /// Creates a heatmap from row-major values.
  public init(
    rows: Int, cols: Int, values: [Double], colorScale: ColorScale = .sequential,
    low: Double? = nil, high: Double? = nil, label: String? = nil
  ) {
    self.rows = rows
    self.cols = cols
    self.values = values
    self.colorScale = colorScale
    self.low = low
    self.high = high
    self.label = label
  }

  /// Creates a heatmap from a matrix given as rows; short rows are padded with NaN (blank).
  public init(
    matrix: [[Double]], colorScale: ColorScale = .sequential, low: Double? = nil,
    high: Double? = nil, label: String? = nil
  ) {
    let cols = matrix.map(\.count).max() ?? 0
    let values = matrix.flatMap { $0 + Array(repeating: Double.nan, count: cols - $0.count) }
    self.init(
      rows: matrix.count, cols: cols, values: values, colorScale: colorScale, low: low,
      high: high, label: label)
  }

  private enum CodingKeys: String, CodingKey {
    case rows, cols, values, colorScale, low, high, label
  }

  /// Decodes a heatmap, taking the default for every key that is absent.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    rows = try c.decode(.rows, default: 0)
    cols = try c.decode(.cols, default: 0)
    values = try c.decode(.values, default: [])
    colorScale = try c.decode(.colorScale, default: .sequential)
    low = try c.decodeIfPresent(Double.self, forKey: .low)
    high = try c.decodeIfPresent(Double.self, forKey: .high)
    label = try c.decodeIfPresent(String.self, forKey: .label)
  }
}

/// How heatmap values map to colours.
public enum ColorScale: String, Codable, Equatable, Sendable {
  /// Dark blue-purple through green to yellow (viridis-like), for magnitudes and masks.
  case sequential
  /// Blue through white to red, centred on zero unless a range is given, for signed weights.
  case diverging
}

/// Bars per category: one group is a bar chart, several groups a grouped bar chart.
public struct Bars: Codable, Equatable, Sendable {
  /// The category labels along the horizontal axis.
  public var categories: [String]
  /// The named groups, each with one value per category.
  public var groups: [BarGroup]

  /// Creates bars for the categories from one or more groups.
  public init(categories: [String], groups: [BarGroup]) {
    self.categories = categories
    self.groups = groups
  }

  private enum CodingKeys: String, CodingKey {
    case categories, groups
  }

  /// Decodes bars, taking the default for every key that is absent.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    categories = try c.decode(.categories, default: [])
    groups = try c.decode(.groups, default: [])
  }
}

/// One named group of bars, one value per category.
public struct BarGroup: Codable, Equatable, Sendable {
  /// The name shown in the legend.
  public var name: String
  /// One value per category; NaN leaves the bar out.
  public var values: [Double]

  /// Creates a named group of bar values.
  public init(_ name: String, values: [Double]) {
    self.name = name
    self.values = values
  }

  private enum CodingKeys: String, CodingKey {
    case name, values
  }

  /// Decodes a group, taking the default for every key that is absent.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    name = try c.decode(.name, default: "")
    values = try c.decode(.values, default: [])
  }
}

/// Points with whiskers for several groups over shared categories.
///
/// Each category is a band on the x axis, as in a bar chart; within it the groups are dodged
/// side by side in order. Comparisons across seeds are the use: the point is the mean over
/// seeds, the whisker runs from the smallest to the largest seed.
public struct WhiskerSet: Codable, Equatable, Sendable {
  /// The category labels along the horizontal axis.
  public var categories: [String]
  /// The named groups, each with a mean and a range per category.
  public var groups: [Whiskers]

  /// Creates points with whiskers for the categories from one or more groups.
  public init(categories: [String], groups: [Whiskers]) {
    self.categories = categories
    self.groups = groups
  }

  private enum CodingKeys: String, CodingKey {
    case categories, groups
  }

  /// Decodes a whisker set, taking the default for every key that is absent.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    categories = try c.decode(.categories, default: [])
    groups = try c.decode(.groups, default: [])
  }
}

/// One named group of points with whiskers: per category, a mean and a min–max range.
public struct Whiskers: Codable, Equatable, Sendable {
  /// The name shown in the legend and the description.
  public var name: String
  /// The point drawn per category (the mean over seeds); NaN leaves the point out.
  public var mean: [Double]
  /// The bottom of each category's whisker (the minimum); NaN leaves the whisker out.
  public var lower: [Double]
  /// The top of each category's whisker (the maximum); NaN leaves the whisker out.
  public var upper: [Double]

  /// Creates a group from a mean, lower and upper value per category.
  public init(_ name: String, mean: [Double], lower: [Double], upper: [Double]) {
    self.name = name
    self.mean = mean
    self.lower = lower
    self.upper = upper
  }

  /// Mean, min and max of each category's samples (e.g. one value per seed).
  ///
  /// Non-finite samples are left out; a category without finite samples gets NaN, so nothing
  /// is drawn for it.
  public init(_ name: String, samples: [[Double]]) {
    var mean: [Double] = []
    var lower: [Double] = []
    var upper: [Double] = []
    for category in samples {
      let finite = category.filter(\.isFinite)
      guard let lo = finite.min(), let hi = finite.max() else {
        mean.append(.nan)
        lower.append(.nan)
        upper.append(.nan)
        continue
      }
      // The mean stays inside the range even where rounding would push it out.
      let average = finite.reduce(0, +) / Double(finite.count)
      mean.append(min(max(average, lo), hi))
      lower.append(lo)
      upper.append(hi)
    }
    self.init(name, mean: mean, lower: lower, upper: upper)
  }

  private enum CodingKeys: String, CodingKey {
    case name, mean, lower, upper
  }

  /// Decodes a group, taking the default for every key that is absent.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    name = try c.decode(.name, default: "")
    mean = try c.decode(.mean, default: [])
    lower = try c.decode(.lower, default: [])
    upper = try c.decode(.upper, default: [])
  }
}

/// A reference line or a labelled point drawn over the marks.
public enum Annotation: Codable, Equatable, Sendable {
  /// A dashed horizontal line at `y` across the plot ("dense accuracy").
  case horizontalLine(y: Double, label: String?)
  /// A dashed vertical line at `x` across the plot ("winning ticket found").
  case verticalLine(x: Double, label: String?)
  /// A marked point with a text label beside it.
  case point(x: Double, y: Double, label: String)
}

/// Converts any floating-point values to `Double`.
func doubles<T: BinaryFloatingPoint>(_ values: [T]) -> [Double] {
  var result: [Double] = []
  result.reserveCapacity(values.count)
  for v in values { result.append(Double(v)) }
  return result
}
