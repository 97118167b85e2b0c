/// A file the pages need could not be read.
public struct AssetError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The file.
  public var path: String

  /// Creates the error.
  public init(path: String) {
    self.path = path
  }

  /// `cannot read <path> (install libjs-katex)`.
  public var description: String {
    "cannot read \(path) (install Debian's libjs-katex, or set TICKETBOOK_KATEX_DIR)"
  }
}
