import Testing

@testable import Notebook

struct ProgramGeneratorTests {
  func program(_ text: String) throws -> GeneratedProgram {
    ProgramGenerator().generate(try LessonParser().parse(text, path: "lessons/a \"b\".md"))
  }

  @Test func eachCellOpensSourceLocationAtItsFirstCodeLineAndClosesAtTopLevel() throws {
    let generated = try program("# T\n\n```swift\n//| label: x\nlet a = 1\n```\n")
    #expect(
      generated.source.contains(
        """
        _lab.beginCell(0)
        #sourceLocation(file: "lessons/a \\"b\\".md", line: 5)
        let a = 1
        #sourceLocation()
        _lab.endCell(0)
        """))
  }

  @Test func evalFalseCellsAreLeftOut() throws {
    let generated = try program("```swift\n//| eval: false\nboom()\n```\n\n```swift\nok()\n```\n")
    #expect(!generated.source.contains("boom()"))
    #expect(generated.cells == [1])
  }

  @Test func errorCellsRunInsideAttemptWithCodeLinesKept() throws {
    let generated = try program("```swift\n//| error: true\ntry f()\n```\n")
    #expect(
      generated.source.contains(
        "#sourceLocation(file: \"lessons/a \\\"b\\\".md\", line: 2)\n_lab.attempt(0) {\ntry f()\n}\n"
      ))
  }

  @Test func inlineExpressionsSitBetweenCellsIndentedToTheirColumn() throws {
    let generated = try program(
      "```swift\nlet x = 1\n```\n\nValue `{swift} x` here.\n\n```swift\nlet y = 2\n```\n")
    let inline =
      "#sourceLocation(file: \"lessons/a \\\"b\\\".md\", line: 4)\n_lab.inline(0) {\n"
      + String(repeating: " ", count: 15) + "x\n}\n"
    let source = generated.source
    let inlineRange = try #require(source.range(of: inline))
    #expect(source.range(of: "_lab.endCell(0)")!.lowerBound < inlineRange.lowerBound)
    #expect(inlineRange.upperBound < source.range(of: "_lab.beginCell(1)")!.lowerBound)
  }

  @Test func identityIgnoresProseAndLineNumbers() throws {
    let a = try program("# T\n\n```swift\nlet x = 1\n```\n")
    let b = try program("# Other title\n\nMuch\n\nmore prose.\n\n```swift\nlet x = 1\n```\n")
    let c = try program("# T\n\n```swift\nlet x = 2\n```\n")
    #expect(a.identity == b.identity)
    #expect(a.identity != c.identity)
    #expect(a.source != b.source)
  }

  @Test func lessonWithoutCodeGivesEmptyProgram() throws {
    #expect(try program("Only words.\n").isEmpty)
    #expect(try !program("Value `{swift} 1 + 1`.\n").isEmpty)
  }
}
