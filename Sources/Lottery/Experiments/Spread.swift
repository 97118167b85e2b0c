/// Mean, minimum and maximum of a metric over replicates.
public struct Spread: Codable, Equatable, Sendable {
  /// The mean.
  public var mean: Double
  /// The smallest value.
  public var min: Double
  /// The largest value.
  public var max: Double

  /// The spread of `values` (which must not be empty).
  public init(_ values: [Double]) {
    mean = values.reduce(0, +) / Double(Swift.max(values.count, 1))
    min = values.min() ?? .nan
    max = values.max() ?? .nan
  }
}
