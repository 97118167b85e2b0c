import Foundation
import Testing

@testable import Notebook

/// Formulas typeset at render time by Debian's `katex` (one Node.js process per render), the
/// stylesheet cut down to the fonts in use, and the shared assets of a course site.
struct KaTeXTests {
  static let installed = KaTeX.installed

  @Test(
    .enabled(
      if: installed != nil, "needs Debian's katex and nodejs: apt-get install -y katex"))
  func oneRunTypesetsEveryFormulaAndReportsTheOneKaTeXRejects() throws {
    let katex = try #require(Self.installed)
    let formulas: Set<Formula> = [
      Formula(tex: "x_1 < y", display: false), Formula(tex: "\\frac{a}{b}", display: true),
      Formula(tex: "\\frac{a", display: false),
    ]
    let math = try katex.typeset(formulas).get()
    #expect(math.html.count == 2 && math.errors.count == 1)
    let inline = try #require(math.html[Formula(tex: "x_1 < y", display: false)])
    #expect(inline.hasPrefix("<span class=\"katex\">"))
    #expect(inline.contains("<math"), "MathML for screen readers")
    let display = try #require(math.html[Formula(tex: "\\frac{a}{b}", display: true)])
    #expect(display.contains("katex-display"))
    let error = try #require(math.errors[Formula(tex: "\\frac{a", display: false)])
    #expect(error.contains("KaTeX parse error"), "\(error)")
  }

  @Test func aFormulaKaTeXRejectedIsShownAsItsSourceWithTheMessage() {
    var math = TypesetMath()
    let bad = Formula(tex: "\\frac{a", display: false)
    math.errors[bad] = "KaTeX parse error: Expected '}'"
    let markup = "<p>See <span class=\"math inline\" data-line=\"7\">\\frac{a</span>.</p>"
    #expect(TypesetMath.occurrences(in: markup).first?.line == 7)
    #expect(
      math.typesetting(markup)
        == "<p>See <span class=\"math inline math-error\" title=\"KaTeX parse error: Expected &#39;}&#39;\">\\frac{a</span>.</p>"
    )
  }

  @Test func theStylesheetKeepsOnlyTheFontFacesOfFamiliesTheFormulasUse() throws {
    let css = """
      @font-face{font-family:KaTeX_AMS;src:url(fonts/KaTeX_AMS-Regular.woff2) format("woff2"),url(fonts/KaTeX_AMS-Regular.woff) format("woff")}\
      @font-face{font-family:KaTeX_Main;font-weight:400;src:url(fonts/KaTeX_Main-Regular.woff2) format("woff2")}\
      @font-face{font-family:KaTeX_Math;font-style:italic;src:url(fonts/KaTeX_Math-Italic.woff2) format("woff2")}\
      @font-face{font-family:KaTeX_Size1;src:url(fonts/KaTeX_Size1-Regular.woff2) format("woff2")}\
      .katex{font:normal 1.21em KaTeX_Main,Times New Roman,serif}\
      .katex .mathnormal{font-family:KaTeX_Math;font-style:italic}\
      .katex .amsrm{font-family:KaTeX_AMS}\
      .katex .delimsizing.size1{font-family:KaTeX_Size1}
      """
    let katex = KaTeX(css: css)
    let markup = "<span class=\"katex\"><span class=\"mord mathnormal\">x</span></span>"
    #expect(katex.families(usedBy: markup) == ["KaTeX_Main", "KaTeX_Math"])
    #expect(
      katex.fontFiles(usedBy: markup) == ["KaTeX_Main-Regular.woff2", "KaTeX_Math-Italic.woff2"])
    // `.delimsizing.size1` needs both classes.
    #expect(!katex.families(usedBy: markup + "<span class=\"size1\"></span>").contains("KaTeX_Size1"))
    #expect(
      katex.families(usedBy: markup + "<span class=\"delimsizing size1\"></span>")
        .contains("KaTeX_Size1"))
    let linked = try katex.stylesheet(usedBy: markup) { "fonts/" + $0 }
    #expect(!linked.contains("@font-face{font-family:KaTeX_AMS"))
    #expect(!linked.contains("@font-face{font-family:KaTeX_Size1"))
    #expect(linked.contains("src:url(fonts/KaTeX_Main-Regular.woff2) format(\"woff2\")}"))
    #expect(!linked.contains(".woff)"), "only the WOFF2 file")
    #expect(linked.hasSuffix(".katex .delimsizing.size1{font-family:KaTeX_Size1}"))
    // No formula, no fonts.
    #expect(katex.families(usedBy: "<p class=\"x\">text</p>").isEmpty)
  }
}
