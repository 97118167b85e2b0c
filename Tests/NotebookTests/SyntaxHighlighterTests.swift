import Testing

@testable import Notebook

struct SyntaxHighlighterTests {
  func highlight(_ code: String) -> String {
    SyntaxHighlighter().highlight(code).markup
  }

  @Test func keywordsTypesNumbersAndCommentsGetTheirClasses() {
    #expect(
      highlight("let x: Int = 1_000 // n")
        == "<span class=\"kw\">let</span> x: <span class=\"typ\">Int</span> = <span class=\"num\">1_000</span> <span class=\"com\">// n</span>"
    )
    #expect(
      highlight("for i in 0..<4 {}")
        == "<span class=\"kw\">for</span> i <span class=\"kw\">in</span> <span class=\"num\">0</span>..&lt;<span class=\"num\">4</span> {}"
    )
    #expect(
      highlight("0.5e-3 0xFF")
        == "<span class=\"num\">0.5e-3</span> <span class=\"num\">0xFF</span>")
    #expect(highlight("a1 x2") == "a1 x2")
    #expect(
      highlight("/* a /* b */ c */ d") == "<span class=\"com\">/* a /* b */ c */</span> d")
    #expect(
      highlight("@MainActor #if DEBUG")
        == "<span class=\"attr\">@MainActor</span> <span class=\"dir\">#if</span> <span class=\"typ\">DEBUG</span>"
    )
  }

  @Test func stringsWithEscapesAndInterpolationsHighlightTheCodeInside() {
    #expect(
      highlight(#""a \(f("b", 2)) \n""#)
        == "<span class=\"str\">&quot;a </span><span class=\"esc\">\\(</span>f(<span class=\"str\">&quot;b&quot;</span>, <span class=\"num\">2</span>)<span class=\"esc\">)</span><span class=\"str\"> </span><span class=\"esc\">\\n</span><span class=\"str\">&quot;</span>"
    )
    #expect(
      highlight("#\"raw \\n \\#(x)\"# y")
        == "<span class=\"str\">#&quot;raw \\n </span><span class=\"esc\">\\#(</span>x<span class=\"esc\">)</span><span class=\"str\">&quot;#</span> y"
    )
    #expect(
      highlight("\"\"\"\nline \"quoted\"\n\"\"\" + s")
        == "<span class=\"str\">&quot;&quot;&quot;\nline &quot;quoted&quot;\n&quot;&quot;&quot;</span> + s"
    )
  }

  @Test func markupInCodeIsEscapedAndEveryCharacterIsKept() {
    let code = """
      // <script>alert("x")</script> & more
      let s = "<b>\\(a < b && c > d)</b>" /* ' */
      let t = #"unterminated
      struct Généralisé<T> { var `default` = 'x' }
      """
    let html = highlight(code)
    #expect(!html.contains("<script>") && !html.contains("<b>"))
    #expect(Self.plainText(html) == code)
  }

  /// The text of some HTML: tags dropped, the five escapes decoded.
  static func plainText(_ markup: String) -> String {
    var text = ""
    var insideTag = false
    for character in markup {
      switch character {
      case "<": insideTag = true
      case ">": insideTag = false
      default: if !insideTag { text.append(character) }
      }
    }
    return
      text
      .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
      .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
      .replacingOccurrences(of: "&amp;", with: "&")
  }
}
