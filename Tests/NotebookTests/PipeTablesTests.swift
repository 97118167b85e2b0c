import Testing

@testable import Notebook

struct PipeTablesTests {
  /// The prose HTML of a lesson.
  func prose(_ markdown: String) throws -> String {
    let lesson = try LessonParser().parse(markdown, path: "t.md")
    return lesson.blocks.compactMap { block -> String? in
      if case .prose(let prose) = block { return TestSupport.withoutMathLines(prose.html) }
      return nil
    }.joined()
  }

  /// The HTML the GFM specification gives for an example, as this page writes it: each
  /// `<table>…</table>` on one line inside the `table-wrap` that tables from cells have, and
  /// `align="x"` written as `style="text-align: x"`.
  func gfm(_ specification: String) -> String {
    var result = ""
    var rest = Substring(specification)
    while let open = rest.range(of: "<table>"),
      let close = rest[open.lowerBound...].range(of: "</table>\n")
    {
      result += rest[..<open.lowerBound]
      let table = rest[open.lowerBound..<close.lowerBound].replacingOccurrences(of: "\n", with: "")
        .replacingOccurrences(of: " align=\"", with: " style=\"text-align: ")
      result += "<div class=\"table-wrap\">" + table + "</table></div>\n"
      rest = rest[close.upperBound...]
    }
    return result + rest
  }

  // The examples of the GFM specification's "Tables (extension)" section, in its order.

  @Test func headerDelimiterAndBodyRowsMakeATable() throws {
    let html = try prose("| foo | bar |\n| --- | --- |\n| baz | bim |\n")
    #expect(
      html
        == gfm(
          """
          <table>
          <thead>
          <tr>
          <th>foo</th>
          <th>bar</th>
          </tr>
          </thead>
          <tbody>
          <tr>
          <td>baz</td>
          <td>bim</td>
          </tr>
          </tbody>
          </table>

          """))
  }

  @Test func delimiterColonsAlignColumnsAndOuterPipesAreOptional() throws {
    let html = try prose("| abc | defghi |\n:-: | -----------:\nbar | baz\n")
    #expect(
      html
        == gfm(
          """
          <table>
          <thead>
          <tr>
          <th align="center">abc</th>
          <th align="right">defghi</th>
          </tr>
          </thead>
          <tbody>
          <tr>
          <td align="center">bar</td>
          <td align="right">baz</td>
          </tr>
          </tbody>
          </table>

          """))
    #expect(html.contains("<th style=\"text-align: center\">abc</th>"))
  }

  @Test func escapedPipeIsAPipeInsideACellAndInsideInlineSpans() throws {
    let html = try prose("| f\\|oo  |\n| ------ |\n| b `\\|` az |\n| b **\\|** im |\n")
    #expect(
      html
        == gfm(
          """
          <table>
          <thead>
          <tr>
          <th>f|oo</th>
          </tr>
          </thead>
          <tbody>
          <tr>
          <td>b <code>|</code> az</td>
          </tr>
          <tr>
          <td>b <strong>|</strong> im</td>
          </tr>
          </tbody>
          </table>

          """))
  }

  @Test func blockQuoteEndsTheTable() throws {
    let html = try prose("| abc | def |\n| --- | --- |\n| bar | baz |\n> bar\n")
    #expect(
      html
        == gfm(
          """
          <table>
          <thead>
          <tr>
          <th>abc</th>
          <th>def</th>
          </tr>
          </thead>
          <tbody>
          <tr>
          <td>bar</td>
          <td>baz</td>
          </tr>
          </tbody>
          </table>
          <blockquote>
          <p>bar</p>
          </blockquote>

          """))
  }

  @Test func blankLineEndsTheTableAndALineWithoutPipesBeforeItIsARow() throws {
    let html = try prose("| abc | def |\n| --- | --- |\n| bar | baz |\nbar\n\nbar\n")
    #expect(
      html
        == gfm(
          """
          <table>
          <thead>
          <tr>
          <th>abc</th>
          <th>def</th>
          </tr>
          </thead>
          <tbody>
          <tr>
          <td>bar</td>
          <td>baz</td>
          </tr>
          <tr>
          <td>bar</td>
          <td></td>
          </tr>
          </tbody>
          </table>
          <p>bar</p>

          """))
  }

  @Test func setextUnderlineRightUnderATableIsARow() throws {
    let html = try prose("| abc | def |\n| --- | --- |\n| bar | baz |\nbar\n===\n")
    #expect(
      html
        == gfm(
          """
          <table>
          <thead>
          <tr>
          <th>abc</th>
          <th>def</th>
          </tr>
          </thead>
          <tbody>
          <tr>
          <td>bar</td>
          <td>baz</td>
          </tr>
          <tr>
          <td>bar</td>
          <td></td>
          </tr>
          <tr>
          <td>===</td>
          <td></td>
          </tr>
          </tbody>
          </table>

          """))
  }

  @Test func headerAndDelimiterWithDifferentCellCountsAreNoTable() throws {
    let html = try prose("| abc | def |\n| --- |\n| bar |\n")
    #expect(html == "<p>| abc | def |\n| --- |\n| bar |</p>\n")
  }

  @Test func shortBodyRowsArePaddedAndLongOnesCut() throws {
    let html = try prose("| abc | def |\n| --- | --- |\n| bar |\n| bar | baz | boo |\n")
    #expect(
      html
        == gfm(
          """
          <table>
          <thead>
          <tr>
          <th>abc</th>
          <th>def</th>
          </tr>
          </thead>
          <tbody>
          <tr>
          <td>bar</td>
          <td></td>
          </tr>
          <tr>
          <td>bar</td>
          <td>baz</td>
          </tr>
          </tbody>
          </table>

          """))
  }

  @Test func tableWithoutBodyRowsHasNoTbody() throws {
    let html = try prose("| abc | def |\n| --- | --- |\n")
    #expect(
      html
        == gfm(
          """
          <table>
          <thead>
          <tr>
          <th>abc</th>
          <th>def</th>
          </tr>
          </thead>
          </table>

          """))
  }

  // Beyond the specification's examples.

  @Test func leftAlignmentIsWrittenAndPlainColumnsGetNoStyle() throws {
    let html = try prose("a | b | c\n:-- | --- | --:\n1 | 2 | 3\n")
    #expect(
      html.contains(
        "<tr><td style=\"text-align: left\">1</td><td>2</td><td style=\"text-align: right\">3</td></tr>"
      ))
  }

  @Test func pipeInsideACodeSpanDoesNotSplitTheCell() throws {
    let html = try prose(
      "| op | meaning |\n|---|---|\n| `a || b` | either |\n| `` `|` `` | pipe |\n")
    #expect(html.contains("<tr><td><code>a || b</code></td><td>either</td></tr>"))
    #expect(html.contains("<tr><td><code>`|`</code></td><td>pipe</td></tr>"))
  }

  @Test func cellsHoldEmphasisCodeLinksAndMath() throws {
    let html = try prose(
      "| what | value |\n|---|---:|\n| *sparse* **net** | `w` [paper](https://arxiv.org/abs/1803.03635) |\n| norm | $\\|w\\|_1 < \\tau$ |\n| _kept_ | `{x}` |\n"
    )
    #expect(html.contains("<td><em>sparse</em> <strong>net</strong></td>"))
    #expect(html.contains("<td><em>kept</em></td>"))
    #expect(
      html.contains(
        "<td style=\"text-align: right\"><code>w</code> <a href=\"https://arxiv.org/abs/1803.03635\">paper</a></td>"
      ))
    // The pipes of the norm are TeX: math is taken out before the table is split.
    #expect(
      html.contains(
        "<td style=\"text-align: right\"><span class=\"math inline\">\\|w\\|_1 &lt; \\tau</span></td>"
      ))
  }

  @Test func mathWithPipesSplitsNoCell() throws {
    let html = try prose("| w | magnitude |\n|---|---|\n| $w_1$ | $|w_1|$ |\n")
    #expect(
      html.contains(
        "<tr><td><span class=\"math inline\">w_1</span></td><td><span class=\"math inline\">|w_1|</span></td></tr>"
      ))
  }

  @Test func twoTablesEachGetTheirOwnCells() throws {
    let html = try prose("| a |\n|---|\n| 1 |\n\nBetween.\n\n| b |\n|:-:|\n| 2 |\n")
    #expect(
      html
        == "<div class=\"table-wrap\"><table><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table></div>\n<p>Between.</p>\n<div class=\"table-wrap\"><table><thead><tr><th style=\"text-align: center\">b</th></tr></thead><tbody><tr><td style=\"text-align: center\">2</td></tr></tbody></table></div>\n"
    )
  }

  @Test func mathWrittenOverTwoLinesEndsTheTableAndStaysWhole() throws {
    let html = try prose("| a |\n|---|\n| 1 |\n| $$x\n= y$$ |\n")
    #expect(
      html
        == "<div class=\"table-wrap\"><table><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table></div>\n<p>| <span class=\"math display\">x\n= y</span> |</p>\n"
    )
  }

  @Test func cellMarkdownIsInlineSoBlockMarkersStayText() throws {
    let html = try prose("| a | b | c | d |\n|---|---|---|---|\n| # x | - y | 1. z | > q |\n")
    #expect(html.contains("<tr><td># x</td><td>- y</td><td>1. z</td><td>&gt; q</td></tr>"))
  }

  @Test func rawHTMLInACellIsNotPassedThrough() throws {
    let html = try prose("| a |\n|---|\n| <script>alert(1)</script> |\n")
    #expect(!html.contains("<script>"))
    #expect(html.contains("<td><!-- raw HTML omitted -->alert(1)<!-- raw HTML omitted --></td>"))
  }

  @Test func tableInsideFencedOrIndentedCodeIsLeftAlone() throws {
    let fenced = try LessonParser().parse(
      "Text.\n\n```markdown\n| a | b |\n|---|---|\n| 1 | 2 |\n```\n", path: "t.md")
    #expect(
      fenced.blocks[1]
        == .code(CodeBlock(language: "markdown", text: "| a | b |\n|---|---|\n| 1 | 2 |", line: 3)))
    let indented = try prose("Text.\n\n    | a | b |\n    |---|---|\n")
    #expect(indented.contains("<pre><code>| a | b |\n|---|---|\n</code></pre>"))
    #expect(!indented.contains("<table>"))
  }

  @Test func tableInsideAListOrAQuoteIsNotLookedFor() throws {
    let html = try prose("- item\n\n  | a |\n  |---|\n\n> | a |\n> |---|\n")
    #expect(!html.contains("<table>"))
  }

  @Test func tableEndsTheParagraphItInterrupts() throws {
    let html = try prose("The sizes:\n| net | size |\n|---|--:|\n| LeNet | 267K |\n\nAfter.\n")
    #expect(html.hasPrefix("<p>The sizes:</p>\n<div class=\"table-wrap\"><table>"))
    #expect(html.hasSuffix("</table></div>\n<p>After.</p>\n"))
  }

  @Test func thematicBreakRightUnderATableFollowsIt() throws {
    let html = try prose("| a |\n|---|\n| 1 |\n---\nAfter.\n")
    #expect(
      html
        == "<div class=\"table-wrap\"><table><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table></div>\n<hr />\n<p>After.</p>\n"
    )
  }

  @Test func linesAfterATableKeepTheirNumbers() throws {
    let text =
      "# T\n\n| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n\nValue `{swift} x`.\n\n```swift\n//| label: after\nlet y = 1\n```\n"
    let lesson = try LessonParser().parse(text, path: "t.md")
    #expect(lesson.inlines == [InlineExpression(index: 0, expression: "x", line: 8, column: 16)])
    #expect(lesson.cells[0].fenceLine == 10)
    #expect(lesson.cells[0].lineNumbers == [12])
    guard case .prose(let prose) = lesson.blocks[0] else {
      Issue.record("expected prose")
      return
    }
    #expect(prose.lines == 1...8)
    // A cell option error after a table still names its own line.
    #expect(
      throws: LessonError(
        file: "t.md", line: 6, column: 11,
        message: "cell option 'echo' must be true or false, not 'maybe'")
    ) {
      try LessonParser().parse(
        "| a |\n|---|\n| 1 |\n\n```swift\n//| echo: maybe\n```\n", path: "t.md")
    }
  }

  @Test func inlineExpressionsInCellsAreFoundInReadingOrder() throws {
    let text =
      "Before `{swift} a`.\n\n| name | value |\n|---|---:|\n| b | `{swift} b` |\n| c |   `{swift} c` |\n\nAfter `{swift} d`.\n"
    let lesson = try LessonParser().parse(text, path: "t.md")
    #expect(
      lesson.inlines == [
        InlineExpression(index: 0, expression: "a", line: 1, column: 17),
        InlineExpression(index: 1, expression: "b", line: 5, column: 16),
        InlineExpression(index: 2, expression: "c", line: 6, column: 18),
        InlineExpression(index: 3, expression: "d", line: 8, column: 16),
      ])
    guard case .prose(let prose) = lesson.blocks[0] else {
      Issue.record("expected prose")
      return
    }
    #expect(
      prose.html.contains(
        "<tr><td>b</td><td style=\"text-align: right\">\(Prose.placeholder(1))</td></tr>"))
    #expect(!prose.html.contains("{swift}"))
  }

  @Test func extractionKeepsEveryLineAndRowsSplitAtTheRightPipes() {
    let markdown = "intro\n| a | b |\n|---|:-:|\n| 1 |\nlast\n\nafter\n"
    let tables = PipeTables(markdown: markdown, blocks: [1...5, 7...7])
    #expect(tables.text.split(separator: "\n", omittingEmptySubsequences: false).count == 8)
    #expect(tables.text.hasPrefix("intro\n"))
    #expect(tables.text.hasSuffix("\n\nafter\n"))
    #expect(
      tables.tables == [
        PipeTables.Table(
          alignments: [.unspecified, .center], header: ["a", "b"],
          rows: [["1", ""], ["last", ""]])
      ])
    #expect(
      PipeTables.cells(of: "| a \\| b | `c | d` | e\\\\|").cells == ["a | b", "`c | d`", "e\\\\"])
    #expect(PipeTables.cells(of: "a | b").cells == ["a", "b"])
    #expect(PipeTables.cells(of: "|").cells == [""])
    #expect(PipeTables.cells(of: "no pipes").pipes == 0)
  }

  @Test func proseTableReachesThePageLikeATableFromACell() throws {
    let text = """
      # Sizes

      | network | parameters |
      |---|---:|
      | LeNet-300-100 | 267K |
      | LeNet-5 | $4.3 \\cdot 10^5$ |

      After the table.
      """
    let lesson = try LessonParser().parse(text, path: "lessons/p.md")
    let html = PageFixtures.renderer.render(
      LessonPage(lesson: lesson, run: .empty(for: lesson), profile: .quick), site: Site())
    #expect(
      html.contains(
        "<div class=\"table-wrap\"><table><thead><tr><th>network</th><th style=\"text-align: right\">parameters</th></tr></thead><tbody><tr><td>LeNet-300-100</td><td style=\"text-align: right\">267K</td></tr><tr><td>LeNet-5</td><td style=\"text-align: right\"><span class=\"math inline\">4.3 \\cdot 10^5</span></td></tr></tbody></table></div>\n<p>After the table.</p>"
      ))
    #expect(!html.contains("| network |"))
  }
}
