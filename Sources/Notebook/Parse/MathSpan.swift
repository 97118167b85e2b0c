/// One piece of TeX math written in a lesson's prose: `$…$` (inline) or `$$…$$` (display).
public struct MathSpan: Codable, Equatable, Sendable {
  /// The TeX source between the dollars.
  public var tex: String
  /// Whether it was written `$$…$$` and is typeset on a line of its own.
  public var display: Bool
  /// The lesson line its opening dollar is on (1-based); 0 when unknown.
  public var line: Int

  /// Creates a math span.
  public init(tex: String, display: Bool, line: Int = 0) {
    self.tex = tex
    self.display = display
    self.line = line
  }
}
