/// A rendered page and what it needs beside its HTML: the formulas KaTeX typeset on it and the
/// KaTeX fonts they use, as the renderer reports them (no page is searched for them).
public struct RenderedPage: Equatable, Sendable {
  /// The page.
  public var html: String
  /// The formulas on the page that KaTeX typeset (not those shown as their TeX source).
  public var formulas: Set<Formula>
  /// KaTeX's font files (WOFF2 names, such as `KaTeX_Main-Regular.woff2`) those formulas use.
  public var fonts: Set<String>

  /// Creates a rendered page.
  public init(html: String, formulas: Set<Formula> = [], fonts: Set<String> = []) {
    self.html = html
    self.formulas = formulas
    self.fonts = fonts
  }

  /// Whether the page has a formula typeset by KaTeX, and so needs KaTeX's stylesheet.
  public var hasTypesetMath: Bool { !formulas.isEmpty }
}
