/// Everything needed to draw one figure: axes, marks, annotations, legend and size.
///
/// A spec is plain data: the Lab runtime encodes it as JSON, the Notebook renderer decodes it and
/// hands it to ``SVGRenderer``. Decoding fills every missing key with its default, so specs
/// written by an older build (or by hand) keep decoding when fields are added.
public struct PlotSpec: Codable, Equatable, Sendable {
  /// The title drawn above the plot area, if any.
  public var title: String?
  /// The horizontal axis.
  public var x: Axis
  /// The vertical axis.
  public var y: Axis
  /// What is drawn, in drawing order (later marks on top).
  public var marks: [Mark]
  /// Reference lines and labelled points drawn over the marks.
  public var annotations: [Annotation]
  /// Where the legend goes.
  public var legend: LegendPlacement
  /// The width of the whole figure in SVG user units (pixels).
  public var width: Double
  /// The height of the whole figure in SVG user units (pixels).
  public var height: Double
  /// The author's description of the figure, replacing the generated one in `<desc>`.
  public var alt: String?

  /// Creates a spec from its parts; every part but the axes has a default.
  public init(
    title: String? = nil,
    x: Axis = Axis(label: ""),
    y: Axis = Axis(label: ""),
    marks: [Mark] = [],
    annotations: [Annotation] = [],
    legend: LegendPlacement = .automatic,
    width: Double = 640,
    height: Double = 400,
    alt: String? = nil
  ) {
    self.title = title
    self.x = x
    self.y = y
    self.marks = marks
    self.annotations = annotations
    self.legend = legend
    self.width = width
    self.height = height
    self.alt = alt
  }

  private enum CodingKeys: String, CodingKey {
    case title, x, y, marks, annotations, legend, width, height, alt
  }

  /// Decodes a spec, taking the default for every key that is absent.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let d = PlotSpec()
    title = try c.decodeIfPresent(String.self, forKey: .title)
    x = try c.decode(.x, default: d.x)
    y = try c.decode(.y, default: d.y)
    marks = try c.decode(.marks, default: d.marks)
    annotations = try c.decode(.annotations, default: d.annotations)
    legend = try c.decode(.legend, default: d.legend)
    width = try c.decode(.width, default: d.width)
    height = try c.decode(.height, default: d.height)
    alt = try c.decodeIfPresent(String.self, forKey: .alt)
  }
}

/// One axis of a plot: its title, scale, direction, optional fixed limits and tick format.
///
/// A string literal makes a linear axis with that label, so `x: "Epoch"` reads naturally.
public struct Axis: Codable, Equatable, Sendable, ExpressibleByStringLiteral {
  /// The axis title.
  public var label: String
  /// How data values map to positions.
  public var scale: Scale
  /// Whether values decrease along the axis (right-to-left for x, top-to-bottom for y).
  public var reversed: Bool
  /// A fixed lower limit of the domain; the data decide when `nil`.
  public var min: Double?
  /// A fixed upper limit of the domain; the data decide when `nil`.
  public var max: Double?
  /// How tick labels are written.
  public var format: TickFormat

  /// Creates an axis; by default linear, increasing, fitted to the data, automatic labels.
  public init(
    label: String,
    scale: Scale = .linear,
    reversed: Bool = false,
    min: Double? = nil,
    max: Double? = nil,
    format: TickFormat = .automatic
  ) {
    self.label = label
    self.scale = scale
    self.reversed = reversed
    self.min = min
    self.max = max
    self.format = format
  }

  /// Creates a linear axis whose title is the literal.
  public init(stringLiteral value: String) {
    self.init(label: value)
  }

  /// A linear axis with the given title and options.
  public static func linear(
    _ label: String, reversed: Bool = false, min: Double? = nil, max: Double? = nil,
    format: TickFormat = .automatic
  ) -> Axis {
    Axis(label: label, scale: .linear, reversed: reversed, min: min, max: max, format: format)
  }

  /// A base-10 logarithmic axis with the given title and options.
  public static func log(
    _ label: String, reversed: Bool = false, min: Double? = nil, max: Double? = nil,
    format: TickFormat = .automatic
  ) -> Axis {
    Axis(label: label, scale: .log, reversed: reversed, min: min, max: max, format: format)
  }

  private enum CodingKeys: String, CodingKey {
    case label, scale, reversed, min, max, format
  }

  /// Decodes an axis, taking the default for every key that is absent.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    label = try c.decode(.label, default: "")
    scale = try c.decode(.scale, default: .linear)
    reversed = try c.decode(.reversed, default: false)
    min = try c.decodeIfPresent(Double.self, forKey: .min)
    max = try c.decodeIfPresent(Double.self, forKey: .max)
    format = try c.decode(.format, default: .automatic)
  }
}

/// How data values map to positions along an axis.
public enum Scale: String, Codable, Equatable, Sendable {
  /// Equal differences take equal space.
  case linear
  /// Equal ratios take equal space (base 10); non-positive values are not drawn.
  case log
}

/// How the numbers at an axis's ticks are written.
public enum TickFormat: String, Codable, Equatable, Sendable {
  /// Plain decimals, switching to scientific notation for very large or small magnitudes.
  case automatic
  /// Plain decimals always (`0.25`, `60000`).
  case plain
  /// Fractions shown as percentages: `0.25` is written `25%`.
  case percent
  /// Values that already are percentages, with a percent sign added: `25` is written `25%`.
  case percentPoints
  /// Scientific notation (`1e-3`, `2.5e4`).
  case scientific
}

/// Where the legend is drawn.
public enum LegendPlacement: String, Codable, Equatable, Sendable {
  /// The inside corner that covers the fewest data points, or outside right when all are crowded.
  case automatic
  /// No legend.
  case none
  /// Inside the plot area, top left.
  case topLeft
  /// Inside the plot area, top right.
  case topRight
  /// Inside the plot area, bottom left.
  case bottomLeft
  /// Inside the plot area, bottom right.
  case bottomRight
  /// Outside the plot area, to its right.
  case outsideRight
}

extension KeyedDecodingContainer {
  /// Decodes the value for `key`, or returns `fallback` when the key is absent or null.
  func decode<T: Decodable>(_ key: Key, default fallback: T) throws -> T {
    try decodeIfPresent(T.self, forKey: key) ?? fallback
  }
}
