import Foundation

/// The range of data values an axis must show, gathered from marks and annotations.
struct Extent: Equatable {
  /// The scale the values will be drawn on; a log extent ignores non-positive values.
  var scale: Scale
  /// The smallest value included so far (`+∞` when empty).
  var lo = Double.infinity
  /// The largest value included so far (`−∞` when empty).
  var hi = -Double.infinity
  /// A baseline the bars or bins stand on (zero); the domain gets no padding beyond it.
  var baseline: Double?

  /// Creates an empty extent for a scale.
  init(scale: Scale) {
    self.scale = scale
  }

  /// Whether no value has been included.
  var isEmpty: Bool { lo > hi }

  /// Whether a value can be drawn on this scale (finite, and positive on a log scale).
  func isDrawable(_ value: Double) -> Bool {
    value.isFinite && (scale == .linear || value > 0)
  }

  /// Widens the extent to cover `value` when it can be drawn.
  mutating func include(_ value: Double) {
    guard isDrawable(value) else { return }
    lo = min(lo, value)
    hi = max(hi, value)
  }

  /// Widens the extent to cover every drawable value.
  mutating func include(_ values: [Double]) {
    for value in values { include(value) }
  }

  /// Marks `value` as the baseline of bars and includes it.
  mutating func includeBaseline(_ value: Double) {
    guard isDrawable(value) else { return }
    baseline = value
    include(value)
  }

  /// The domain to draw: the extent, the axis's fixed limits, and a little padding.
  ///
  /// An empty extent gives 0…1 (linear) or 1…10 (log); a single value is widened around
  /// itself; the padding is 4% of the span on each side, except at a fixed limit or baseline.
  func domain(for axis: Axis, padding: Double = 0.04) -> (lo: Double, hi: Double) {
    let fixedLo = axis.min.flatMap { isDrawable($0) ? $0 : nil }
    let fixedHi = axis.max.flatMap { isDrawable($0) ? $0 : nil }
    var lo = fixedLo ?? (isEmpty ? nil : self.lo)
    var hi = fixedHi ?? (isEmpty ? nil : self.hi)
    let log = scale == .log
    switch (lo, hi) {
    case (nil, nil): return log ? (1, 10) : (0, 1)
    case (let l?, nil): hi = log ? l * 10 : l + 1
    case (nil, let h?): lo = log ? h / 10 : h - 1
    default: break
    }
    guard var a = lo, var b = hi else { return (0, 1) }
    if a > b { swap(&a, &b) }
    if a == b {
      if log {
        return (a / 2, b * 2)
      }
      let delta = a == 0 ? 1 : abs(a) * 0.1
      return (fixedLo == nil ? a - delta : a, fixedHi == nil ? b + delta : b + 2 * delta)
    }
    let ta = log ? log10(a) : a
    let tb = log ? log10(b) : b
    let pad = (tb - ta) * padding
    let padLo = fixedLo == nil && a != baseline
    let padHi = fixedHi == nil && b != baseline
    let na = padLo ? ta - pad : ta
    let nb = padHi ? tb + pad : tb
    return log ? (pow(10, na), pow(10, nb)) : (na, nb)
  }
}

/// A resolved axis: its domain, scale and direction mapped onto a pixel range.
struct AxisScale: Equatable {
  /// Linear or logarithmic.
  var scale: Scale
  /// The smallest value on the axis.
  var lo: Double
  /// The largest value on the axis.
  var hi: Double
  /// Whether `hi` is at `start` and `lo` at `end`.
  var reversed: Bool
  /// The pixel where the axis begins: left end for x, bottom end for y.
  var start: Double
  /// The pixel where the axis ends: right end for x, top end for y.
  var end: Double

  /// The axis length in pixels.
  var length: Double { abs(end - start) }

  /// Where `value` lies, in pixels; `nil` for values the scale cannot draw.
  func position(_ value: Double) -> Double? {
    guard value.isFinite, scale == .linear || value > 0 else { return nil }
    let t = (transform(value) - transform(lo)) / (transform(hi) - transform(lo))
    let u = reversed ? 1 - t : t
    let p = start + u * (end - start)
    return p.isFinite ? p : nil
  }

  /// Whether `value` lies within the domain (with a little tolerance for rounding).
  func contains(_ value: Double) -> Bool {
    let span = transform(hi) - transform(lo)
    let t = transform(value)
    return t >= transform(lo) - span * 1e-9 && t <= transform(hi) + span * 1e-9
  }

  private func transform(_ value: Double) -> Double {
    scale == .log ? log10(value) : value
  }
}
