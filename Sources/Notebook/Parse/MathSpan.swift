/// One piece of TeX math written in a lesson's prose: `$…$` (inline) or `$$…$$` (display).
public struct MathSpan: Codable, Equatable, Sendable {
  /// The TeX source between the dollars.
  public var tex: String
  /// Whether it was written `$$…$$` and is typeset on a line of its own.
  public var display: Bool

  /// Creates a math span.
  public init(tex: String, display: Bool) {
    self.tex = tex
    self.display = display
  }
}
