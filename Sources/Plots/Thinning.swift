/// A point in pixel space.
struct Point: Equatable {
  /// Horizontal position, growing to the right.
  var x: Double
  /// Vertical position, growing downwards.
  var y: Double
}

/// Drops points that cannot change what is drawn, so long series draw fast.
enum Thinning {
  /// Keeps, for every run of consecutive points in one pixel column, the first, the lowest,
  /// the highest and the last point, in their original order.
  ///
  /// The polyline through the kept points covers exactly the same vertical extent in every
  /// column as the full one, so the plotted envelope is unchanged, and it has at most four
  /// points per column a monotone series crosses.
  static func minMaxPerColumn(_ points: [Point]) -> [Point] {
    guard points.count > 4 else { return points }
    var kept: [Point] = []
    kept.reserveCapacity(min(points.count, 4096))
    var runStart = 0
    var column = points[0].x.rounded(.down)
    for i in 1...points.count {
      let next = i < points.count ? points[i].x.rounded(.down) : .nan
      if i < points.count && next == column { continue }
      appendRun(points, runStart..<i, to: &kept)
      runStart = i
      column = next
    }
    return kept
  }

  private static func appendRun(_ points: [Point], _ run: Range<Int>, to kept: inout [Point]) {
    var low = run.lowerBound
    var high = run.lowerBound
    for i in run {
      if points[i].y < points[low].y { low = i }
      if points[i].y > points[high].y { high = i }
    }
    var previous = -1
    for i in [run.lowerBound, min(low, high), max(low, high), run.upperBound - 1]
    where i != previous {
      kept.append(points[i])
      previous = i
    }
  }

  /// Keeps the first point that falls on each half-pixel cell; later ones would paint over it.
  static func distinctPixels(_ points: [Point]) -> [Point] {
    var seen = Set<Int64>()
    var kept: [Point] = []
    for point in points {
      let key = Int64((point.x * 2).rounded()) &* 1_000_003 &+ Int64((point.y * 2).rounded())
      if seen.insert(key).inserted { kept.append(point) }
    }
    return kept
  }
}
