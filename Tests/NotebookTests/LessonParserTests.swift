import Foundation
import Testing

@testable import Notebook

struct LessonParserTests {
  let parser = LessonParser()

  @Test func cellsGetOptionsAndMarkdownLineOfEveryCodeLine() throws {
    let text = """
      # Title here

      Intro.

      ```swift
      //| label: train
      //| echo: false
      //| caption: "Accuracy, by epoch"
      let a = 1
      let b = 2
      ```
      """
    let lesson = try parser.parse(text, path: "l.md")
    #expect(lesson.title == "Title here")
    let cell = try #require(lesson.cells.first)
    #expect(cell.options.label == "train")
    #expect(cell.options.echo == false)
    #expect(cell.options.eval == true)
    #expect(cell.options.caption == "Accuracy, by epoch")
    #expect(cell.lines == ["let a = 1", "let b = 2"])
    #expect(cell.lineNumbers == [9, 10])
    #expect(cell.fenceLine == 5)
  }

  @Test func unknownOptionIsAnErrorNamingFileLineAndColumn() {
    let text = "# T\n\n```swift\n//| label: x\n//|   colour: red\nlet a = 1\n```\n"
    #expect(
      throws: LessonError(
        file: "l.md", line: 5, column: 7,
        message:
          "unknown cell option 'colour' (known: label, echo, eval, output, error, caption, alt, fold, timeout, slide, exercise, solution, grade, points)"
      )
    ) {
      try parser.parse(text, path: "l.md")
    }
  }

  @Test func malformedOptionsAreErrors() {
    for (line, expected) in [
      ("//| echo maybe", "malformed cell option"),
      ("//| echo: maybe", "must be true or false"),
      ("//| : x", "the key before ':' is empty"),
      ("//| label:", "needs a value"),
      ("//| timeout: soon", "(a year), not 'soon'"),
      ("//| timeout: 0", "(a year), not '0'"),
      ("//| timeout: -5", "must be a positive number of seconds"),
      ("//| timeout: inf", "must be a positive number of seconds"),
      ("//| timeout: 1e300", "must be a positive number of seconds up to 31536000 (a year), not '1e300'"),
      ("//| timeout:", "needs a value"),
    ] {
      let text = "```swift\n\(line)\nlet a = 1\n```\n"
      do {
        _ = try parser.parse(text, path: "l.md")
        Issue.record("expected an error for \(line)")
      } catch {
        #expect(error.line == 2)
        #expect(error.message.contains(expected), "\(error)")
      }
    }
  }

  @Test func timeoutIsSecondsAndAbsentByDefault() throws {
    let lesson = try parser.parse(
      "```swift\n//| timeout: 2.5\nlet a = 1\n```\n\n```swift\nlet b = 2\n```\n", path: "l.md")
    #expect(lesson.cells.map(\.options.timeout) == [2.5, nil])
  }

  @Test func repeatedOptionIsAnError() {
    #expect(throws: LessonError.self) {
      try parser.parse("```swift\n//| eval: true\n//| eval: false\n```\n", path: "l.md")
    }
  }

  @Test func inlineExpressionsAreFoundWithLineAndColumnAndReplacedByPlaceholders() throws {
    let text = "# T\n\nThe value is `{swift} x + 1` and\n`{swift}   y` too; `plain code` stays.\n"
    let lesson = try parser.parse(text, path: "l.md")
    #expect(
      lesson.inlines == [
        InlineExpression(index: 0, expression: "x + 1", line: 3, column: 23),
        InlineExpression(index: 1, expression: "y", line: 4, column: 12),
      ])
    guard case .prose(let prose) = lesson.blocks[0] else {
      Issue.record("expected prose")
      return
    }
    #expect(prose.html.contains(Prose.placeholder(0)))
    #expect(prose.html.contains(Prose.placeholder(1)))
    #expect(prose.html.contains("<code>plain code</code>"))
    #expect(!prose.html.contains("{swift}"))
  }

  @Test func otherFencedBlocksAreShownNotRun() throws {
    let lesson = try parser.parse("```python\nprint(1)\n```\n\n```\nplain\n```\n", path: "l.md")
    #expect(lesson.cells.isEmpty)
    #expect(
      lesson.blocks == [
        .code(CodeBlock(language: "python", text: "print(1)", line: 1)),
        .code(CodeBlock(language: "", text: "plain", line: 5)),
      ])
  }

  @Test func rawHTMLInProseIsNotPassedThrough() throws {
    let lesson = try parser.parse("Hello <script>alert(1)</script> world\n", path: "l.md")
    guard case .prose(let prose) = lesson.blocks[0] else {
      Issue.record("expected prose")
      return
    }
    #expect(!prose.html.contains("<script>"))
  }

  @Test func emptyLessonAndLessonWithoutCodeParse() throws {
    let empty = try parser.parse("", path: "lessons/empty.md")
    #expect(empty.blocks.isEmpty)
    #expect(empty.title == "empty")
    let prose = try parser.parse("Just words.\n", path: "lessons/words.md")
    #expect(prose.cells.isEmpty)
    #expect(prose.blocks.count == 1)
  }

  @Test func invalidUTF8IsAnErrorNamingTheLine() {
    var data = Data("# T\n\nfine\n".utf8)
    data.append(contentsOf: [0x62, 0xFF, 0xFE, 0x0A])
    #expect(throws: LessonError(file: "l.md", line: 4, message: "the lesson is not valid UTF-8")) {
      try parser.parse(data, path: "l.md")
    }
  }

  @Test func missingFileIsAClearError() {
    #expect(throws: LessonError(file: "/no/such/lesson.md", message: "no such lesson file")) {
      try parser.parse(path: "/no/such/lesson.md")
    }
  }

  @Test func cellSpanCoversFencesForMappingDiagnostics() throws {
    let lesson = try parser.parse("text\n\n```swift\nlet a = 1\n```\n", path: "l.md")
    #expect(lesson.cell(atLine: 3)?.index == 0)
    #expect(lesson.cell(atLine: 5)?.index == 0)
    #expect(lesson.cell(atLine: 1) == nil)
  }
}
