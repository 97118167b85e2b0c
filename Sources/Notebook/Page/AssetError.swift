/// A file the pages need could not be read, or KaTeX could not be run.
public struct AssetError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The file or program.
  public var path: String
  /// What went wrong; `nil` when the file could not be read.
  public var reason: String?

  /// Creates the error.
  public init(path: String, reason: String? = nil) {
    self.path = path
    self.reason = reason
  }

  /// `cannot read <path> (install Debian's katex …)`, or `<path>: <reason>`.
  public var description: String {
    if let reason { return "\(path): \(reason)" }
    return "cannot read \(path) (install Debian's katex and nodejs, or set TICKETBOOK_KATEX_DIR)"
  }
}
