/// What a rendered page needs besides its own markup, as ``HTMLRenderer`` reports it.
public struct PageNeeds: Equatable, Sendable {
  /// Whether the page has math: KaTeX's script, stylesheet and fonts go into the page to
  /// typeset it (without KaTeX, the formulas are shown as their TeX source).
  public var math: Bool

  /// Creates the needs of a page; by default it needs nothing.
  public init(math: Bool = false) {
    self.math = math
  }
}
