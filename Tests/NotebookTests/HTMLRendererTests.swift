import Testing

@testable import Notebook

struct HTMLRendererTests {
  func page(_ text: String, _ configure: (inout LessonRun) -> Void) throws -> String {
    let lesson = try LessonParser().parse(text, path: "l.md")
    var run = LessonRun.empty(for: lesson)
    configure(&run)
    return HTMLRenderer().render(LessonPage(lesson: lesson, run: run, profile: .quick))
  }

  @Test func cellOutputTablesChecksAndInlineValuesAreEscaped() throws {
    let html = try page("# T\n\nSee `{swift} x`.\n\n```swift\nx\n```\n") { run in
      run.inlines = ["<b>5</b>"]
      run.cells[0].stdout = "<script>alert(1)</script>"
      run.cells[0].items = [
        .table(TableRecord(columns: ["<th>"], rows: [["<td>&"]])),
        .check(
          CheckRecord(claim: "a < b", passed: false, measured: "1 > 0", file: "l.md", line: 6)),
        .shown(label: "<l>", text: "<v>"),
      ]
    }
    #expect(!html.contains("<script>"))
    #expect(!html.contains("<b>5</b>"))
    #expect(html.contains("&lt;b&gt;5&lt;/b&gt;"))
    #expect(html.contains("<th>&lt;th&gt;</th>"))
    #expect(html.contains("<td>&lt;td&gt;&amp;</td>"))
    #expect(html.contains("✗ fail: a &lt; b (measured: 1 &gt; 0)"))
    #expect(html.contains("&lt;l&gt;: </span>&lt;v&gt;"))
  }

  @Test func optionsHideCodeOrOutputAndFoldCode() throws {
    let html = try page(
      "```swift\n//| echo: false\nsecretCode()\n```\n\n```swift\n//| output: false\nshownCode()\n```\n\n```swift\n//| fold: true\nfolded()\n```\n"
    ) { run in
      run.cells[0].stdout = "visible output"
      run.cells[1].stdout = "hidden output"
    }
    #expect(!html.contains("secretCode"))
    #expect(html.contains("visible output"))
    #expect(html.contains("shownCode"))
    #expect(!html.contains("hidden output"))
    #expect(
      html.contains("<details><summary>Code</summary><pre><code class=\"language-swift\">folded()"))
  }

  @Test func failureAndCellErrorsAreShownWithTheirLocation() throws {
    let html = try page("```swift\nlet a: Int = \"x\"\n```\n") { run in
      run.diagnostics = [
        Diagnostic(
          file: "l.md", line: 2, column: 14, severity: "error", message: "cannot convert <String>",
          cell: 0)
      ]
      run.failure = RunFailure(
        kind: .compile, cell: 0, message: "l.md:2:14: error: cannot convert <String>")
    }
    #expect(
      html.contains(
        "<div class=\"failure\" role=\"alert\">l.md:2:14: error: cannot convert &lt;String&gt;</div>"
      ))
    #expect(
      html.contains(
        "<section class=\"cell\" id=\"cell-1\"><pre><code class=\"language-swift\">let a: Int = &quot;x&quot;</code></pre><div class=\"error\" role=\"alert\">l.md:2:14"
      ))
  }

  @Test func renderingTwiceGivesIdenticalBytes() throws {
    let make = {
      try self.page("# T\n\n```swift\nshow(1)\n```\n") {
        $0.cells[0].items = [.shown(label: nil, text: "1")]
      }
    }
    #expect(try make() == make())
  }

  @Test func indexListsLessonsWithCheckStatus() {
    let html = HTMLRenderer().renderIndex([
      .init(file: "a.html", title: "A <1>", passed: 2, failed: 0, broken: false),
      .init(file: "b.html", title: "B", passed: 1, failed: 1, broken: true),
    ])
    #expect(
      html.contains(
        "<a href=\"a.html\">A &lt;1&gt;</a> <span class=\"check pass\">2 of 2 checks pass</span>"))
    #expect(html.contains("<span class=\"check fail\">failed to run; 1 of 2 checks pass</span>"))
  }
}
