/// Why a lesson could not be run to its end.
public struct RunFailure: Error, Codable, Equatable, Sendable, CustomStringConvertible {
  /// The kind of failure.
  public enum Kind: String, Codable, Equatable, Sendable {
    /// The program did not compile.
    case compile
    /// The program trapped, threw at top level or exited non-zero.
    case crash
    /// The program ran past the time limit.
    case timeout
    /// The program could not be built or started at all (no compiler, no Lab library).
    case setup
  }

  /// The kind of failure.
  public var kind: Kind
  /// The cell it happened in, when known.
  public var cell: Int?
  /// A one-line explanation naming the lesson file, line and cell where known.
  public var message: String

  /// Creates a failure.
  public init(kind: Kind, cell: Int? = nil, message: String) {
    self.kind = kind
    self.cell = cell
    self.message = message
  }

  /// The message.
  public var description: String { message }
}
