/// The environment variables through which the notebook runner configures a lesson program.
///
/// Both sides name them through this type, so the writer (`Lab`) and the reader (`Notebook`)
/// cannot drift apart.
public enum LabEnvironment {
  /// Path of the file the program appends its ``LabRecord`` lines to.
  public static let records = "TICKETBOOK_RECORDS"
  /// Directory where each cell's standard output and standard error are captured.
  public static let runDirectory = "TICKETBOOK_RUN_DIR"
  /// Directory of memoised results.
  public static let memoDirectory = "TICKETBOOK_MEMO_DIR"
  /// Identity of the engine build (a hash of the Lab library), part of every memo key.
  public static let engineBuild = "TICKETBOOK_ENGINE_BUILD"
  /// SHA-256 of the Fashion-MNIST files, part of every memo key.
  public static let datasetChecksum = "TICKETBOOK_DATASET_CHECKSUM"
  /// The profile, `quick` or `full`.
  public static let profile = "TICKETBOOK_PROFILE"
  /// Comma-separated indices of `error: true` cells to skip (they failed in an earlier attempt).
  public static let skipCells = "TICKETBOOK_SKIP_CELLS"
  /// The process id of the `ticketbook` that started the program: the program dies with it.
  public static let parentProcess = "TICKETBOOK_PARENT_PID"

  /// The name of the file capturing `stream` of cell `cell` inside the run directory.
  public static func captureFile(cell: Int, stream: StreamName) -> String {
    "cell-\(cell).\(stream.rawValue)"
  }
}

/// How much work a lesson does: `quick` for CI and drafts, `full` for the published course.
public enum Profile: String, Codable, Equatable, Sendable, CaseIterable {
  /// Seconds per lesson: small data, few epochs.
  case quick
  /// The published numbers.
  case full

  /// Returns `quick` in the quick profile and `full` in the full one.
  public func pick<T>(quick: T, full: T) -> T {
    self == .quick ? quick : full
  }
}
