import Testing

@testable import Notebook

struct MathTests {
  func prose(_ markdown: String) throws -> String {
    let lesson = try LessonParser().parse(markdown, path: "m.md")
    return lesson.blocks.compactMap { block -> String? in
      if case .prose(let prose) = block { return TestSupport.withoutMathLines(prose.html) }
      return nil
    }.joined()
  }

  @Test func inlineMathKeepsUnderscoresStarsAndBackslashesFromCmark() throws {
    let html = try prose("Keep $w_{ij}$ if $a * b_i * c_j \\le \\tau$ holds.\n")
    #expect(
      html
        == "<p>Keep <span class=\"math inline\">w_{ij}</span> if <span class=\"math inline\">a * b_i * c_j \\le \\tau</span> holds.</p>\n"
    )
  }

  @Test func displayMathOverSeveralLinesKeepsLaterLineNumbers() throws {
    let text = "Intro\n$$\n\\frac{a}{b}\n  < c\n$$\nafter\n\n```swift\nx\n```\n"
    let lesson = try LessonParser().parse(text, path: "m.md")
    #expect(lesson.cells[0].fenceLine == 8)
    guard case .prose(let prose) = lesson.blocks[0] else {
      Issue.record("no prose")
      return
    }
    #expect(prose.lines == 1...6)
    #expect(
      prose.html.contains(
        "<span class=\"math display\" data-line=\"2\">\\frac{a}{b}\n  &lt; c</span>"))
  }

  @Test func escapedDollarsPricesCodeSpansAndCodeBlocksAreNotMath() throws {
    let html = try prose(
      "It costs \\$5, from $5 to $10; `$x$` and ``a $b$ ` c`` are code.\n\n    $indented$\n\n```sh\necho $HOME$\n```\n"
    )
    #expect(!html.contains("class=\"math"))
    #expect(html.contains("It costs $5, from $5 to $10;"))
    #expect(html.contains("<code>$x$</code>"))
    #expect(html.contains("<code>a $b$ ` c</code>"))
    #expect(html.contains("<pre><code>$indented$"))
  }

  @Test func dollarsInSwiftCellsAndInlineExpressionsStayCode() throws {
    let text =
      "Value `{swift} xs.map { $0 * 2 }` here $y$.\n\n```swift\nlet f = xs.map { $0 + $1 }\n```\n"
    let lesson = try LessonParser().parse(text, path: "m.md")
    #expect(lesson.inlines.map(\.expression) == ["xs.map { $0 * 2 }"])
    #expect(lesson.inlines[0].column == 16)
    #expect(lesson.cells[0].code == "let f = xs.map { $0 + $1 }")
    guard case .prose(let prose) = lesson.blocks[0] else {
      Issue.record("no prose")
      return
    }
    #expect(prose.html.contains("<span class=\"math inline\" data-line=\"1\">y</span>"))
  }

  @Test func mathIsEscapedAndPlainInsideAttributesAndTitles() throws {
    let lesson = try LessonParser().parse(
      "# Loss $L < 1$\n\n![plot of $a<b$](p.png) and $x<y & z$\n", path: "m.md")
    #expect(lesson.title == "Loss $L < 1$")
    guard case .prose(let prose) = lesson.blocks[0] else {
      Issue.record("no prose")
      return
    }
    #expect(
      prose.html.contains("<h1>Loss <span class=\"math inline\" data-line=\"1\">L &lt; 1</span></h1>"))
    #expect(prose.html.contains("alt=\"plot of $a&lt;b$\""))
    #expect(prose.html.contains("<span class=\"math inline\" data-line=\"3\">x&lt;y &amp; z</span>"))
  }

  @Test func unclosedOrEmptyDollarsAndBlankLinesEndMath() throws {
    let html = try prose("An $ alone, $$ $$ empty, and $open\n\nclosed$ later.\n")
    #expect(!html.contains("class=\"math"))
  }

  @Test func extractionFindsSpansAndRestoresThem() {
    let math = MathExtraction(markdown: "a $x$ b $$y$$", codeLines: [])
    #expect(
      math.spans == [
        MathSpan(tex: "x", display: false, line: 1), MathSpan(tex: "y", display: true, line: 1),
      ])
    // Each span knows the lesson line its opening dollar is on.
    let lines = MathExtraction(markdown: "a\n\nb $x$\n$$\ny\n$$ $z$", codeLines: [])
    #expect(lines.spans.map(\.line) == [3, 4, 6])
    #expect(!math.text.contains("$"))
    #expect(math.restorePlain(math.text) == "a $x$ b $$y$$")
  }
}
