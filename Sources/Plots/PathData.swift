/// Builds the `d` attribute of an SVG path, writing numbers as coordinates (two decimals).
///
/// Long series turn into long paths, so commands append to one string instead of
/// concatenating many small ones.
struct PathData {
  private var bytes: [UInt8] = []

  /// The path data written so far.
  var text: String { String(decoding: bytes, as: UTF8.self) }

  /// Whether nothing has been written.
  var isEmpty: Bool { bytes.isEmpty }

  /// Starts a new subpath at an absolute point (`M`).
  mutating func move(_ x: Double, _ y: Double) {
    command("M", x, y)
  }

  /// Draws a straight line to an absolute point (`L`).
  mutating func line(_ x: Double, _ y: Double) {
    command("L", x, y)
  }

  /// Draws a horizontal line to an absolute x (`H`).
  mutating func horizontal(to x: Double) {
    command("H", x)
  }

  /// Draws a vertical line to an absolute y (`V`).
  mutating func vertical(to y: Double) {
    command("V", y)
  }

  /// Draws a horizontal line by a relative amount (`h`).
  mutating func horizontal(by dx: Double) {
    command("h", dx)
  }

  /// Draws a vertical line by a relative amount (`v`).
  mutating func vertical(by dy: Double) {
    command("v", dy)
  }

  /// Draws a line by a relative offset (`l`).
  mutating func line(by dx: Double, _ dy: Double) {
    command("l", dx, dy)
  }

  /// Closes the current subpath (`Z`).
  mutating func close() {
    bytes.append(UInt8(ascii: "Z"))
  }

  /// Adds a whole circle as a closed subpath of two arcs.
  mutating func circle(_ cx: Double, _ cy: Double, radius r: Double) {
    move(cx - r, cy)
    arc(radius: r, dx: 2 * r)
    arc(radius: r, dx: -2 * r)
    close()
  }

  /// Adds polylines through each piece's points, each piece a subpath of its own.
  mutating func polylines(_ pieces: [[Point]], closed: Bool) {
    for piece in pieces where !piece.isEmpty {
      move(piece[0].x, piece[0].y)
      for p in piece.dropFirst() { line(p.x, p.y) }
      if closed { close() }
    }
  }

  /// Adds a marker shape centred on every point.
  mutating func markers(_ points: [Point], _ marker: Palette.Marker, size r: Double) {
    for p in points {
      switch marker {
      case .circle:
        circle(p.x, p.y, radius: r)
      case .square:
        let s = r * 0.9
        move(p.x - s, p.y - s)
        horizontal(by: 2 * s)
        vertical(by: 2 * s)
        horizontal(by: -2 * s)
        close()
      case .triangle:
        let h = r * 1.2
        move(p.x, p.y - h)
        line(by: h, h * 1.7)
        horizontal(by: -2 * h)
        close()
      case .diamond:
        let s = r * 1.25
        move(p.x, p.y - s)
        line(by: s, s)
        line(by: -s, s)
        line(by: -s, -s)
        close()
      }
    }
  }

  private mutating func arc(radius r: Double, dx: Double) {
    bytes.append(UInt8(ascii: "a"))
    NumberFormat.appendCoordinate(r, to: &bytes)
    bytes.append(UInt8(ascii: " "))
    NumberFormat.appendCoordinate(r, to: &bytes)
    bytes.append(contentsOf: " 0 1 0 ".utf8)
    NumberFormat.appendCoordinate(dx, to: &bytes)
    bytes.append(contentsOf: " 0".utf8)
  }

  private mutating func command(_ letter: Unicode.Scalar, _ a: Double) {
    bytes.append(UInt8(ascii: letter))
    NumberFormat.appendCoordinate(a, to: &bytes)
  }

  private mutating func command(_ letter: Unicode.Scalar, _ a: Double, _ b: Double) {
    bytes.append(UInt8(ascii: letter))
    NumberFormat.appendCoordinate(a, to: &bytes)
    bytes.append(UInt8(ascii: " "))
    NumberFormat.appendCoordinate(b, to: &bytes)
  }
}
