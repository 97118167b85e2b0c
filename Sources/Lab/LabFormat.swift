import Foundation

/// How values become text on the page: the same rules for `show`, tables and inline values.
///
/// Strings appear as they are; floating-point numbers get six significant digits (`0.8813`,
/// `1.5e-05`), so that a value computed in `Float` does not print as `0.881299972`; arrays of
/// numbers format each element that way; everything else uses `String(describing:)`.
public enum LabFormat {
  /// Returns the text shown for `value`.
  public static func describe(_ value: Any) -> String {
    switch value {
    case let text as String: return text
    case let text as Substring: return String(text)
    case let value as Double: return number(value)
    case let value as Float: return number(Double(value))
    case let numbers as [Double]: return "[" + numbers.map(number).joined(separator: ", ") + "]"
    case let numbers as [Float]:
      return "[" + numbers.map { number(Double($0)) }.joined(separator: ", ") + "]"
    default: return String(describing: value)
    }
  }

  /// Formats a number with six significant digits; integers below a million print exactly.
  public static func number(_ value: Double) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    return String(format: "%.6g", value)
  }
}
