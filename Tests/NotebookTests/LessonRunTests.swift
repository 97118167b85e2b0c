import Testing

@testable import Notebook

struct LessonRunTests {
  @Test func recordsAreAssembledPerCell() {
    let run = LessonRun.assemble(
      records: [
        .cellStarted(cell: 0), .shown(cell: 0, label: nil, text: "a"),
        .progress(cell: 0, label: "p", done: 1, total: 3),
        .progress(cell: 0, label: "p", done: 3, total: 3),
        .cellFinished(cell: 0, seconds: 0.5), .inline(index: 1, text: "v"),
        .cellStarted(cell: 1), .stream(cell: 1, stream: .stdout, text: "out"),
        .error(cell: 1, message: "boom"), .shown(cell: 9, label: nil, text: "ignored"),
      ], cellCount: 2, inlineCount: 2)
    #expect(
      run.cells[0].items == [
        .shown(label: nil, text: "a"), .progress(label: "p", done: 3, total: 3),
      ])
    #expect(run.cells[0].finished && run.cells[0].seconds == 0.5)
    #expect(run.cells[1].started && !run.cells[1].finished)
    #expect(run.cells[1].stdout == "out")
    #expect(run.cells[1].error == "boom")
    #expect(run.inlines == [nil, "v"])
  }

  @Test func warningsBecomeDiagnosticsOfTheirCellNotOutput() {
    let run = LessonRun.assemble(
      records: [.cellStarted(cell: 1), .warning(cell: 1, message: "memo m: recomputed")],
      cellCount: 2, inlineCount: 0)
    #expect(
      run.diagnostics == [
        Diagnostic(
          file: "", line: 0, column: 0, severity: "warning", message: "memo m: recomputed",
          cell: 1)
      ])
    #expect(run.cells[1].items.isEmpty && run.cells[1].stderr.isEmpty)
  }

  @Test func stagesOfOneExperimentCollapseIntoItsFinalProgress() {
    let run = LessonRun.assemble(
      records: [
        .cellStarted(cell: 0),
        .progress(cell: 0, label: "IMP seed 0", done: 0, total: 1),
        .progress(cell: 0, label: "IMP seed 0: round 1", done: 40, total: 90),
        .progress(cell: 0, label: "IMP seed 0: round 2", done: 90, total: 90),
        .progress(cell: 0, label: "sweep", done: 2, total: 2),
        .cellFinished(cell: 0, seconds: 1),
      ], cellCount: 1, inlineCount: 0)
    #expect(
      run.cells[0].items == [
        .progress(label: "IMP seed 0: round 2", done: 90, total: 90),
        .progress(label: "sweep", done: 2, total: 2),
      ])
  }

  @Test func compilerOutputBecomesDiagnostics() {
    let output = """
      lessons/02-x.md:57:13: error: cannot find 'foo' in scope
       55 | let a = 1
          |         `- error: cannot find 'foo' in scope
      lessons/02-x.md:60:5: warning: variable 'b' was never used
      lessons/02-x.md:57:13: error: cannot find 'foo' in scope
      """
    #expect(
      Diagnostic.parse(output) == [
        Diagnostic(
          file: "lessons/02-x.md", line: 57, column: 13, severity: "error",
          message: "cannot find 'foo' in scope"),
        Diagnostic(
          file: "lessons/02-x.md", line: 60, column: 5, severity: "warning",
          message: "variable 'b' was never used"),
      ])
    #expect(
      Diagnostic.parse(output)[0].description
        == "lessons/02-x.md:57:13: error: cannot find 'foo' in scope")
  }
}
