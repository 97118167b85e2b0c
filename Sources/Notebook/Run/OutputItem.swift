import LabRecords

/// One displayed result of a cell.
public enum OutputItem: Codable, Equatable, Sendable {
  /// A value passed to `show`.
  case shown(label: String?, text: String)
  /// A table.
  case table(TableRecord)
  /// A figure.
  case plot(PlotRecord)
  /// A checked claim.
  case check(CheckRecord)
  /// A memoised computation, reused or computed.
  case memo(name: String, hit: Bool, seconds: Double)
  /// The final state of a progress reporter.
  case progress(label: String, done: Int, total: Int)
  /// The seeds of an experiment the cell ran or loaded (shown in the page's footer).
  case seeds(source: String, seeds: [String: UInt64])
}
