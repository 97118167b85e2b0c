/// An sRGB colour with 8-bit channels.
struct RGB: Equatable {
  /// Red, 0–255.
  var r: Int
  /// Green, 0–255.
  var g: Int
  /// Blue, 0–255.
  var b: Int

  /// Creates a colour from a 24-bit hex number (`0xE69F00`).
  init(_ hex: Int) {
    r = (hex >> 16) & 0xFF
    g = (hex >> 8) & 0xFF
    b = hex & 0xFF
  }

  /// Creates a colour from channels.
  init(r: Int, g: Int, b: Int) {
    self.r = r
    self.g = g
    self.b = b
  }

  /// The colour as `#rrggbb`.
  var hex: String {
    let digits = Array("0123456789abcdef")
    var text = "#"
    for channel in [r, g, b] {
      text.append(digits[channel >> 4])
      text.append(digits[channel & 0xF])
    }
    return text
  }
}

/// Colours and line styles chosen so that series stay apart for colour-blind readers and in print.
enum Palette {
  /// The Okabe–Ito categorical colours, in the order series get them.
  ///
  /// Blue, vermillion, bluish green, reddish purple, orange, sky blue, yellow: distinguishable
  /// under the common colour-vision deficiencies (Okabe & Ito, "Color Universal Design", 2008).
  /// Black is left out so that series stay visible on a dark page.
  static let categorical: [RGB] = [
    RGB(0x0072B2), RGB(0xD55E00), RGB(0x009E73), RGB(0xCC79A7), RGB(0xE69F00), RGB(0x56B4E9),
    RGB(0xF0E442),
  ]

  /// The colour of the `index`-th series.
  static func color(_ index: Int) -> RGB {
    categorical[index % categorical.count]
  }

  /// Dash patterns by series index, so lines differ without colour; the first is solid.
  static let dashes: [String?] = [nil, "7 3", "2 3", "9 3 2 3", "4 4", "12 3"]

  /// The dash pattern of the `index`-th line; a dashed line never gets the solid pattern.
  static func dash(_ index: Int, dashed: Bool) -> String? {
    let pattern = dashes[index % dashes.count]
    return pattern ?? (dashed ? "7 3" : nil)
  }

  /// Marker shapes by series index.
  enum Marker: CaseIterable {
    /// A filled circle.
    case circle
    /// A filled square.
    case square
    /// A filled upward triangle.
    case triangle
    /// A filled diamond.
    case diamond
  }

  /// The marker shape of the `index`-th series.
  static func marker(_ index: Int) -> Marker {
    Marker.allCases[index % Marker.allCases.count]
  }

  /// Anchors of the sequential ramp: dark violet through blue and teal to green and yellow.
  ///
  /// Lightness rises steadily from one anchor to the next (a viridis-like ramp with its own
  /// anchors), so the order of values reads in greyscale too.
  static let sequential: [RGB] = [
    RGB(0x45085A), RGB(0x43427F), RGB(0x33688C), RGB(0x25898D), RGB(0x27A884),
    RGB(0x5DC566), RGB(0xAADB3C), RGB(0xF6E626),
  ]

  /// Anchors of the diverging ramp: blue, white at the middle, red.
  static let diverging: [RGB] = [
    RGB(0x1D4E89), RGB(0x4D8CC4), RGB(0xA6CCE4), RGB(0xF5F5F5), RGB(0xF3B39A),
    RGB(0xD6604D), RGB(0x9A1B2A),
  ]

  /// The anchors of a colour scale.
  static func anchors(_ scale: ColorScale) -> [RGB] {
    scale == .sequential ? sequential : diverging
  }

  /// The colour at `t` in 0…1 along a scale, interpolating linearly between its anchors.
  ///
  /// The interpolation is the one an SVG linear gradient applies, so a colour bar drawn as a
  /// gradient through the same anchors shows exactly these colours.
  static func color(_ scale: ColorScale, at t: Double) -> RGB {
    let anchors = anchors(scale)
    let clamped = t.isNaN ? 0 : min(max(t, 0), 1)
    let position = clamped * Double(anchors.count - 1)
    let index = min(Int(position), anchors.count - 2)
    let f = position - Double(index)
    let a = anchors[index]
    let b = anchors[index + 1]
    func mix(_ x: Int, _ y: Int) -> Int { Int((Double(x) + (Double(y - x)) * f).rounded()) }
    return RGB(r: mix(a.r, b.r), g: mix(a.g, b.g), b: mix(a.b, b.b))
  }
}
