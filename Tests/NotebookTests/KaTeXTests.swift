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

  @Test(
    .enabled(
      if: installed != nil, "needs Debian's katex and nodejs: apt-get install -y katex"))
  func eachTypesetFormulaReportsTheFontsItUses() throws {
    let katex = try #require(Self.installed)
    let reals = Formula(tex: "\\mathbb{R}", display: false)
    let x = Formula(tex: "x", display: false)
    let bad = Formula(tex: "\\frac{a", display: false)
    let math = try katex.typeset([reals, x, bad]).get()
    let realFonts = try #require(math.fonts[reals])
    #expect(realFonts.contains("KaTeX_AMS-Regular.woff2"), "\(realFonts)")
    let xFonts = try #require(math.fonts[x])
    #expect(
      xFonts.contains("KaTeX_Main-Regular.woff2") && xFonts.contains("KaTeX_Math-Italic.woff2"))
    #expect(
      xFonts.allSatisfy { $0.hasPrefix("KaTeX_Main-") || $0.hasPrefix("KaTeX_Math-") },
      "\(xFonts)")
    #expect(math.fonts[bad] == nil, "a rejected formula uses no font")
  }

  @Test func aFormulaKaTeXRejectedIsShownAsItsSourceWithTheMessage() {
    var math = TypesetMath()
    let span = MathSpan(tex: "\\frac{a", display: false, line: 7)
    math.errors[Formula(span)] = "KaTeX parse error: Expected '}'"
    let markup = "<p>See <span class=\"math inline\" data-line=\"7\">\\frac{a</span>.</p>"
    #expect(markup.contains(MathExtraction.markup(of: span)), "as the parser writes it")
    var used = Set<Formula>()
    #expect(
      math.typesetting(markup, formulas: [span], into: &used)
        == "<p>See <span class=\"math inline math-error\" title=\"KaTeX parse error: Expected &#39;}&#39;\">\\frac{a</span>.</p>"
    )
    #expect(used == [Formula(span)])
  }

  @Test func onlyTheKnownFormulasOfTheProseAreTypeset() {
    var math = TypesetMath()
    let x = MathSpan(tex: "x", display: false, line: 3)
    let y = MathSpan(tex: "y", display: true, line: 4)
    math.html[Formula(x)] = "<span class=\"katex\">X</span>"
    math.html[Formula(y)] = "<span class=\"katex\">Y</span>"
    math.fonts[Formula(x)] = ["KaTeX_Main-Regular.woff2", "KaTeX_Math-Italic.woff2"]
    math.fonts[Formula(y)] = ["KaTeX_Main-Regular.woff2"]
    // `y` is not a formula of this markup, and markup that is not exactly a known span stays.
    let markup =
      MathExtraction.markup(of: x) + " and " + MathExtraction.markup(of: x)
      + " <span class=\"math inline\">x</span>"
    var used = Set<Formula>()
    let typeset = math.typesetting(markup, formulas: [x, y], into: &used)
    #expect(
      typeset
        == "<span class=\"math inline\"><span class=\"katex\">X</span></span> and "
        + "<span class=\"math inline\"><span class=\"katex\">X</span></span>"
        + " <span class=\"math inline\">x</span>")
    #expect(used == [Formula(x)])
    let needs = math.needs(of: used.union([Formula(tex: "z", display: false)]))
    #expect(needs.typeset == [Formula(x)], "a formula not typeset needs nothing")
    #expect(needs.fonts == ["KaTeX_Main-Regular.woff2", "KaTeX_Math-Italic.woff2"])
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
    let fonts = KaTeX.FontUse(katex)
    let formula = "<span class=\"katex\"><span class=\"mord mathnormal\">x</span></span>"
    #expect(fonts.families(of: formula) == ["KaTeX_Main", "KaTeX_Math"])
    #expect(fonts.files(of: formula) == ["KaTeX_Main-Regular.woff2", "KaTeX_Math-Italic.woff2"])
    // `.delimsizing.size1` needs both classes.
    let size1 = "<span class=\"katex\"><span class=\"size1\"></span></span>"
    #expect(!fonts.families(of: size1).contains("KaTeX_Size1"))
    let delimiter = "<span class=\"katex\"><span class=\"delimsizing size1\"></span></span>"
    #expect(fonts.families(of: delimiter).contains("KaTeX_Size1"))
    let linked = try katex.stylesheet(fonts: fonts.files(of: formula)) { "fonts/" + $0 }
    #expect(!linked.contains("@font-face{font-family:KaTeX_AMS"))
    #expect(!linked.contains("@font-face{font-family:KaTeX_Size1"))
    #expect(linked.contains("src:url(fonts/KaTeX_Main-Regular.woff2) format(\"woff2\")}"))
    #expect(!linked.contains(".woff)"), "only the WOFF2 file")
    #expect(linked.hasSuffix(".katex .delimsizing.size1{font-family:KaTeX_Size1}"))
    // No formula, no fonts.
    #expect(fonts.files(of: "<p class=\"x\">text</p>").isEmpty)
    #expect(!(try katex.stylesheet(fonts: []) { $0 }).contains("@font-face"))
  }

  @Test func aSiteSharesTheFontsItsPagesReport() throws {
    let directory = try TestSupport.temporaryDirectory()
    let fonts = directory + "/katex-fonts"
    try FileManager.default.createDirectory(atPath: fonts, withIntermediateDirectories: true)
    for file in ["A.woff2", "B.woff2", "C.woff2"] {
      try Data(file.utf8).write(to: URL(fileURLWithPath: fonts + "/" + file))
    }
    let css = """
      @font-face{font-family:KaTeX_A;src:url(fonts/A.woff2) format("woff2")}\
      @font-face{font-family:KaTeX_B;src:url(fonts/B.woff2) format("woff2")}\
      @font-face{font-family:KaTeX_C;src:url(fonts/C.woff2) format("woff2")}
      """
    let katex = KaTeX(css: css, fontsDirectory: fonts)
    let output = directory + "/out"
    let stale = output + "/" + SiteAssets.fonts + "/Old.woff2"
    try FileManager.default.createDirectory(
      atPath: output + "/" + SiteAssets.fonts, withIntermediateDirectories: true)
    try Data().write(to: URL(fileURLWithPath: stale))
    let x = Formula(tex: "x", display: false)
    let pages = [
      RenderedPage(html: "", formulas: [x], fonts: ["A.woff2"]),
      RenderedPage(html: "", formulas: [x], fonts: ["B.woff2"]), RenderedPage(html: ""),
    ]
    var written: [String: Data] = [:]
    try SiteAssets.write(pages: pages, katex: katex, to: output) { written[$1] = $0 }
    let fontPath = { (file: String) in output + "/" + SiteAssets.fonts + "/" + file }
    #expect(written[fontPath("A.woff2")] == Data("A.woff2".utf8))
    #expect(written[fontPath("B.woff2")] != nil && written[fontPath("C.woff2")] == nil)
    let sheet = String(
      decoding: written[output + "/" + SiteAssets.katexStylesheet] ?? Data(), as: UTF8.self)
    #expect(sheet.contains("url(fonts/A.woff2)") && sheet.contains("url(fonts/B.woff2)"))
    #expect(!sheet.contains("KaTeX_C"))
    #expect(!FileManager.default.fileExists(atPath: stale), "a font no page uses is removed")
    // Pages without typeset math share no KaTeX files.
    written = [:]
    try SiteAssets.write(pages: [RenderedPage(html: "")], katex: katex, to: output) {
      written[$1] = $0
    }
    #expect(written.keys.sorted() == [output + "/" + SiteAssets.stylesheet])
  }
}
