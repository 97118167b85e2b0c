import Foundation

/// Locale-free, deterministic number formatting for coordinates, tick labels and descriptions.
///
/// Every number that reaches an SVG goes through here, so the same plot always gives the same
/// bytes and no float noise (`0.30000000000000004`) ever shows.
enum NumberFormat {
  /// Writes `value` with exactly `decimals` digits after the point (`fixed(0.5, 2)` is `0.50`).
  static func fixed(_ value: Double, decimals: Int) -> String {
    guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-∞" : "∞") }
    let decimals = min(max(decimals, 0), 15)
    let scale = power10(decimals)
    let scaled = (abs(value) * scale).rounded()
    guard scaled < 9e18 else { return large(value) }
    let digits = String(UInt64(scaled))
    let negative = value < 0 && scaled != 0
    var text: String
    if decimals == 0 {
      text = digits
    } else {
      let padded = String(repeating: "0", count: max(0, decimals + 1 - digits.count)) + digits
      let cut = padded.index(padded.endIndex, offsetBy: -decimals)
      text = padded[..<cut] + "." + padded[cut...]
    }
    return negative ? "-" + text : text
  }

  /// Writes `value` with at most `decimals` digits after the point, trailing zeros removed.
  static func trimmed(_ value: Double, decimals: Int) -> String {
    var text = fixed(value, decimals: decimals)
    guard text.contains(".") else { return text }
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text == "-0" ? "0" : text
  }

  /// Writes an SVG coordinate or length: at most two decimals, trimmed.
  static func coordinate(_ value: Double) -> String {
    var bytes: [UInt8] = []
    appendCoordinate(value, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Appends a coordinate (at most two decimals, trimmed) as ASCII bytes, without building
  /// intermediate strings; paths of thousands of points are written this way.
  static func appendCoordinate(_ value: Double, to bytes: inout [UInt8]) {
    let scaled = (value * 100).rounded()
    guard scaled.isFinite, abs(scaled) < 9e15 else {
      bytes.append(contentsOf: trimmed(value, decimals: 2).utf8)
      return
    }
    var hundredths = Int64(scaled)
    if hundredths < 0 {
      bytes.append(UInt8(ascii: "-"))
      hundredths = -hundredths
    }
    let zero = UInt8(ascii: "0")
    var whole = hundredths / 100
    let start = bytes.count
    repeat {
      bytes.append(zero + UInt8(whole % 10))
      whole /= 10
    } while whole > 0
    bytes[start...].reverse()
    let fraction = UInt8(hundredths % 100)
    guard fraction != 0 else { return }
    bytes.append(UInt8(ascii: "."))
    bytes.append(zero + fraction / 10)
    if fraction % 10 != 0 { bytes.append(zero + fraction % 10) }
  }

  /// Writes `value` rounded to `digits` significant digits, in plain or scientific notation.
  ///
  /// Magnitudes from 1e-4 to below 1e6 are written plainly (`0.000123`, `98500`), others as
  /// `1.23e-7`; trailing zeros are removed.
  static func significant(_ value: Double, digits: Int = 3) -> String {
    guard value.isFinite, value != 0 else { return value == 0 ? "0" : fixed(value, decimals: 0) }
    let exponent = decimalExponent(roundedTo: digits, value)
    if exponent >= -4 && exponent < 6 {
      let unit = exponent - digits + 1
      guard unit > 0 else { return trimmed(value, decimals: digits - 1 - exponent) }
      // Round the integer part too: 98765 to three digits is 98800.
      return fixed((value / power10(unit)).rounded() * power10(unit), decimals: 0)
    }
    let mantissa = value / power10(exponent)
    return trimmed(mantissa, decimals: digits - 1) + "e" + String(exponent)
  }

  /// Writes `value` as `m×10ⁿ` with a superscript exponent, or `10ⁿ` when the mantissa is 1.
  static func scientific(_ value: Double, digits: Int = 3) -> String {
    guard value.isFinite, value != 0 else { return significant(value) }
    let exponent = decimalExponent(roundedTo: digits, value)
    let mantissa = trimmed(value / power10(exponent), decimals: digits - 1)
    let power = "10" + superscript(exponent)
    switch mantissa {
    case "1": return power
    case "-1": return "-" + power
    default: return mantissa + "×" + power
    }
  }

  /// The exponent `e` with `10^e ≤ |value| < 10^(e+1)` after rounding to `digits` digits.
  static func decimalExponent(roundedTo digits: Int, _ value: Double) -> Int {
    var exponent = Int(log10(abs(value)).rounded(.down))
    let rounded = (abs(value) / power10(exponent - digits + 1)).rounded()
    if rounded >= power10(digits) { exponent += 1 }
    if rounded < power10(digits - 1) { exponent -= 1 }
    return exponent
  }

  /// `10^n` computed exactly for the integer powers a double can hold.
  static func power10(_ n: Int) -> Double {
    var result = 1.0
    for _ in 0..<abs(n) { result *= 10 }
    return n >= 0 ? result : 1 / result
  }

  /// Writes an integer with superscript digits (`-3` as `⁻³`).
  static func superscript(_ n: Int) -> String {
    let glyphs: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
    let digits = String(abs(n)).map { glyphs[Int(String($0))!] }
    return (n < 0 ? "⁻" : "") + String(digits)
  }

  private static func large(_ value: Double) -> String {
    significant(value, digits: 6)
  }
}
