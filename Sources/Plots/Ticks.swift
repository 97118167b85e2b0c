import Foundation

/// One tick on an axis: a value, and a label unless it is a minor tick.
struct Tick: Equatable {
  /// The data value at the tick.
  var value: Double
  /// The text under or beside the tick; `nil` for a minor tick (a short mark, no gridline).
  var label: String?
}

/// Nice tick positions and labels for linear and logarithmic axes.
enum Ticks {
  /// A step of `mantissa × 10^exponent` with mantissa 1, 2 or 5.
  struct Step: Equatable {
    /// 1, 2 or 5.
    var mantissa: Int
    /// The power of ten.
    var exponent: Int

    /// The step as a number.
    var value: Double { Double(mantissa) * NumberFormat.power10(exponent) }

    /// The next smaller nice step (5 → 2 → 1 → 0.5 …).
    var smaller: Step {
      switch mantissa {
      case 5: return Step(mantissa: 2, exponent: exponent)
      case 2: return Step(mantissa: 1, exponent: exponent)
      default: return Step(mantissa: 5, exponent: exponent - 1)
      }
    }

    /// `k` steps, computed so that decimal ticks are the doubles nearest to their decimals.
    func multiple(_ k: Int) -> Double {
      exponent >= 0
        ? Double(k * mantissa) * NumberFormat.power10(exponent)
        : Double(k * mantissa) / NumberFormat.power10(-exponent)
    }
  }

  /// The smallest 1, 2 or 5 × 10^k step that splits `span` into at most about `count` parts.
  static func step(span: Double, count: Int) -> Step {
    let raw = span / Double(max(count, 1))
    guard raw.isFinite, raw > 0 else { return Step(mantissa: 1, exponent: 0) }
    var exponent = Int(log10(raw).rounded(.down))
    let normalized = raw / NumberFormat.power10(exponent)
    let mantissa: Int
    if normalized <= 1 + 1e-9 {
      mantissa = 1
    } else if normalized <= 2 + 1e-9 {
      mantissa = 2
    } else if normalized <= 5 + 1e-9 {
      mantissa = 5
    } else {
      mantissa = 1
      exponent += 1
    }
    return Step(mantissa: mantissa, exponent: exponent)
  }

  /// The multiples of a nice step that lie in `lo…hi`, for about `count` intervals.
  ///
  /// Of the smallest step giving at most `count` intervals and the next smaller one, the one
  /// whose number of intervals is nearer to `count` wins (the larger on a tie).
  static func linearValues(lo: Double, hi: Double, count: Int) -> (values: [Double], step: Step) {
    func multiples(_ step: Step) -> ClosedRange<Int>? {
      let first = Int((lo / step.value - 1e-9).rounded(.up))
      let last = Int((hi / step.value + 1e-9).rounded(.down))
      return first <= last && last - first <= 1000 ? first...last : nil
    }
    var step = step(span: hi - lo, count: count)
    if let wide = multiples(step), let narrow = multiples(step.smaller),
      abs(narrow.count - 1 - count) < abs(wide.count - 1 - count)
    {
      step = step.smaller
    }
    guard let range = multiples(step) else { return ([], step) }
    return (range.map(step.multiple), step)
  }

  /// Labelled ticks at nice linear steps, about `count` intervals over the domain.
  static func linear(lo: Double, hi: Double, count: Int, format: TickFormat) -> [Tick] {
    let (values, step) = linearValues(lo: lo, hi: hi, count: count)
    let useScientific = scientific(format, lo: lo, hi: hi)
    return values.map { value in
      Tick(
        value: value,
        label: label(value, format: format, decimals: -step.exponent, scientific: useScientific))
    }
  }

  /// Ticks for a log axis at a given thinning level.
  ///
  /// Level 0 labels 1, 2 and 5 in every decade; level 1 labels the decades; level n ≥ 2 labels
  /// every n-th decade. Unlabelled ticks mark the other integer multiples within a decade
  /// (when there are few decades) and the unlabelled decades.
  static func log(lo: Double, hi: Double, level: Int, format: TickFormat) -> [Tick] {
    let first = Int((log10(lo) - 1e-9).rounded(.down))
    let last = Int((log10(hi) + 1e-9).rounded(.up))
    guard first <= last, last - first <= 400 else { return [] }
    let showMinor = last - first <= 8
    let useScientific = scientific(format, lo: lo, hi: hi)
    var ticks: [Tick] = []
    for decade in first...last {
      for multiple in 1...9 {
        let value =
          decade >= 0
          ? Double(multiple) * NumberFormat.power10(decade)
          : Double(multiple) / NumberFormat.power10(-decade)
        guard value >= lo * (1 - 1e-9), value <= hi * (1 + 1e-9) else { continue }
        let labelled: Bool
        switch level {
        case 0: labelled = multiple == 1 || multiple == 2 || multiple == 5
        case 1: labelled = multiple == 1
        default: labelled = multiple == 1 && decade.isMultiple(of: level)
        }
        if labelled {
          let text = label(
            value, format: format, decimals: -decade, scientific: useScientific)
          ticks.append(Tick(value: value, label: text))
        } else if showMinor || multiple == 1 {
          ticks.append(Tick(value: value, label: nil))
        }
      }
    }
    return ticks
  }

  /// Ticks for a resolved axis whose labels do not overlap.
  ///
  /// Linear axes start from about one tick per 80 px (x) or 50 px (y) and use fewer ticks until
  /// the estimated label boxes keep a gap (and, with `integers`, steps of at least one); log axes drop labels level by level the same way,
  /// and fall back to linear steps when the domain holds fewer than two labelled ticks.
  static func forAxis(
    _ axis: AxisScale, format: TickFormat, fontSize: Double, horizontal: Bool,
    integers: Bool = false
  ) -> [Tick] {
    let spacing = horizontal ? 80.0 : 50.0
    let ideal = max(2, Int((axis.length / spacing).rounded()))
    if axis.scale == .log {
      let decades = log10(axis.hi / axis.lo)
      var level = decades <= 2.5 ? 0 : 1
      while level <= 64 {
        let ticks = log(lo: axis.lo, hi: axis.hi, level: level, format: format)
        let labelled = ticks.filter { $0.label != nil }.count
        if labelled < 2 && level == 0 {
          break  // less than a decade's labels: use linear steps on the log scale
        }
        if labelled < 2 || !overlap(ticks, axis, fontSize: fontSize, horizontal: horizontal) {
          return ticks
        }
        level += 1
      }
    }
    var count = integers ? max(1, min(ideal, Int(axis.hi - axis.lo))) : ideal
    while true {
      let ticks = linear(lo: axis.lo, hi: axis.hi, count: count, format: format)
      if count <= 1 || !overlap(ticks, axis, fontSize: fontSize, horizontal: horizontal) {
        return ticks
      }
      count -= 1
    }
  }

  /// Log-axis ticks with the data's two ends labelled: a reader of "percent of weights
  /// remaining" from 100 down to 1.2 sees where the data stops, not only the last decade mark.
  /// An end within 3% of a labelled tick is left alone; a labelled tick whose label would collide
  /// with an end's label loses its label (it stays a tick).
  static func labellingDataEnds(
    _ ticks: [Tick], dataLo: Double, dataHi: Double, axis: AxisScale, format: TickFormat,
    fontSize: Double, horizontal: Bool
  ) -> [Tick] {
    guard axis.scale == .log, dataLo > 0, dataHi >= dataLo, dataLo.isFinite, dataHi.isFinite
    else { return ticks }
    var result = ticks
    let useScientific = scientific(format, lo: axis.lo, hi: axis.hi)
    for end in dataLo == dataHi ? [dataLo] : [dataLo, dataHi] {
      let labelled = result.filter { $0.label != nil }
      if labelled.contains(where: { abs($0.value / end - 1) <= 0.03 }) { continue }
      let decimals = max(0, 1 - Int(log10(end).rounded(.down)))
      let text = label(end, format: format, decimals: decimals, scientific: useScientific)
      let added = Tick(value: end, label: text)
      // Labels that would touch the new one lose their text.
      for index in result.indices where result[index].label != nil {
        if overlap([added, result[index]], axis, fontSize: fontSize, horizontal: horizontal) {
          result[index].label = nil
        }
      }
      result.append(added)
    }
    return result.sorted { $0.value < $1.value }
  }

  /// Whether any two labels, as estimated boxes along the axis, come closer than a small gap.
  static func overlap(_ ticks: [Tick], _ axis: AxisScale, fontSize: Double, horizontal: Bool)
    -> Bool
  {
    var boxes: [(lo: Double, hi: Double)] = []
    for tick in ticks {
      guard let label = tick.label, let p = axis.position(tick.value) else { continue }
      let half = horizontal ? TextMetrics.width(label, fontSize: fontSize) / 2 : fontSize * 0.6
      boxes.append((p - half, p + half))
    }
    boxes.sort { $0.lo < $1.lo }
    let gap = horizontal ? fontSize * 0.6 : 2
    for (a, b) in zip(boxes, boxes.dropFirst()) where b.lo - a.hi < gap {
      return true
    }
    return false
  }

  /// Whether automatic labels over `lo…hi` should use scientific notation.
  static func scientific(_ format: TickFormat, lo: Double, hi: Double) -> Bool {
    switch format {
    case .scientific: return true
    case .automatic:
      let largest = max(abs(lo), abs(hi))
      return largest >= 1e6 || (largest > 0 && largest < 1e-3)
    case .plain, .percent, .percentPoints: return false
    }
  }

  /// The text for one tick value; `decimals` is what the tick step needs in plain notation.
  ///
  /// Negative labels use the typographic minus sign (U+2212), as printed figures do.
  static func label(_ value: Double, format: TickFormat, decimals: Int, scientific: Bool)
    -> String
  {
    let text = plainLabel(value, format: format, decimals: decimals, scientific: scientific)
    return text.hasPrefix("-") ? "\u{2212}" + text.dropFirst() : text
  }

  private static func plainLabel(
    _ value: Double, format: TickFormat, decimals: Int, scientific: Bool
  ) -> String {
    if scientific { return NumberFormat.scientific(value) }
    switch format {
    case .percent:
      return NumberFormat.fixed(value * 100, decimals: max(0, decimals - 2)) + "%"
    case .percentPoints:
      return NumberFormat.fixed(value, decimals: max(0, decimals)) + "%"
    case .automatic, .plain, .scientific:
      return NumberFormat.fixed(value, decimals: max(0, decimals))
    }
  }
}
