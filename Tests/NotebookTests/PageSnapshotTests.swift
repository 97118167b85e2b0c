import Foundation
import Plots
import SnapshotSupport
import Testing

@testable import Notebook

/// Compares `html` with the golden file `Snapshots/<name>.html` next to this source file (see
/// SnapshotSupport's `expectSnapshot`).
func expectPageSnapshot(
  _ html: String, named name: String, filePath: String = #filePath,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  expectSnapshot(
    html, named: name, fileExtension: "html", testTarget: "NotebookTests", filePath: filePath,
    sourceLocation: sourceLocation)
}

/// Hand-made lessons and runs (nothing is compiled) rendered to pages for the golden files.
enum PageFixtures {
  /// A small stand-in for KaTeX's stylesheet, so golden files do not hold the installed KaTeX.
  static let katex = KaTeX(css: "/* katex.min.css */")

  /// A renderer using the stand-in KaTeX, whose every formula is "typeset" by ``typeset(_:)``.
  static let renderer = HTMLRenderer(katex: katex, math: typeset(lessonText))

  /// Stand-in typesetting of every formula in `markdown`'s prose: `<span class="katex">TeX</span>`.
  static func typeset(_ markdown: String) -> TypesetMath {
    var math = TypesetMath()
    guard let lesson = try? LessonParser().parse(markdown, path: "l.md") else { return math }
    for case .prose(let prose) in lesson.blocks {
      for formula in prose.math.map(Formula.init) {
        math.html[formula] = "<span class=\"katex\">" + HTML.escape(formula.tex) + "</span>"
      }
    }
    return math
  }

  /// A lesson using every page feature: headings, math, inline values, folded and hidden code,
  /// output, tables, two figures, checks, memo, progress, an expected error, a failed cell.
  static let lessonText = """
    # Pruning <basics> & tickets

    Magnitude pruning keeps the weights with the largest $|w_{ij}|$; the ticket reaches \
    `{swift} accuracy` accuracy. Costs \\$5, and `$code$` is code.

    ## Setup

    $$
    s = 1 - \\frac{\\|m\\|_0}{n}
    $$

    ```swift
    //| label: setup
    let accuracy = 0.9871 // "top-1"
    print("<script>alert(1)</script>")
    ```

    ## Results

    ### Tables and figures

    ```swift
    //| label: results
    //| fold: true
    //| caption: "Accuracy <by> sparsity"
    table(rows)
    plot(.line(title: "A < B & C", x: "x", y: "y", series: []))
    ```

    ```swift
    //| echo: false
    //| alt: "Bars for a and b"
    plot(.bar(y: "n", categories: ["a", "b"], values: [1, 2]))
    ```

    ### Checks

    ```swift
    check(accuracy > 0.98, "the ticket beats 98 %")
    check(accuracy > 0.99, "the ticket beats 99 %")
    ```

    ## Errors

    ```swift
    //| label: expected
    //| error: true
    let empty: [Int] = []
    print(empty[1])
    ```

    ```swift
    //| label: boom
    try load("missing")
    ```

    ```swift
    show("never")
    ```
    """

  static func lesson() throws -> Lesson {
    try LessonParser().parse(lessonText, path: "lessons/02-pruning.md")
  }

  /// The run of ``lessonText``: the fourth cell fails at run time.
  static func page() throws -> LessonPage {
    let lesson = try lesson()
    var run = LessonRun.empty(for: lesson)
    run.inlines = ["98.7 % <best>"]
    func finish(_ index: Int, _ seconds: Double) {
      run.cells[index].started = true
      run.cells[index].finished = true
      run.cells[index].seconds = seconds
    }
    finish(0, 0.0123)
    run.cells[0].stdout = "<script>alert(1)</script>\n"
    finish(1, 2.5)
    run.cells[1].items = [
      .table(
        TableRecord(
          columns: ["model", "sparsity %", "accuracy"],
          rows: [["dense <net>", "0", "98.1"], ["ticket & co", "90", "98.7"]])),
      .plot(
        PlotRecord(
          spec: .line(
            title: "Accuracy < dense & ticket", x: .log("Weights remaining (%)", reversed: true),
            y: "Accuracy", series: [Series("ticket", x: [100, 10, 1], y: [98, 98.5, 97])]))),
      .memo(name: "imp <run>", hit: true, seconds: 0),
      .memo(name: "dense", hit: false, seconds: 41.2),
      .seeds(source: "lottery-44136fa355b3678a", seeds: ["seed": 2, "training.dataSeed": 0]),
      .progress(label: "rounds", done: 3, total: 3),
    ]
    finish(2, 0.2)
    run.cells[2].items = [
      .plot(PlotRecord(spec: .bar(y: "n", categories: ["a", "b"], values: [1, 2])))
    ]
    finish(3, 0.001)
    run.cells[3].items = [
      .check(
        CheckRecord(
          claim: "the ticket beats 98 %", passed: true, measured: "accuracy 0.9871 > 0.98",
          file: "lessons/02-pruning.md", line: 42)),
      .check(
        CheckRecord(
          claim: "the ticket beats <99 %>", passed: false, measured: "accuracy 0.9871 ≤ 0.99",
          file: "lessons/02-pruning.md", line: 43)),
    ]
    run.cells[4].started = true
    run.cells[4].stdout = ""
    run.cells[4].error =
      "Fatal error: Index out of range\nCurrent stack trace:\n0 libswiftCore.so 0x1 <unavailable>"
    run.cells[5].started = true
    run.cells[5].error = "lessons/02-pruning.md:55: error thrown: NotFound(name: \"missing\")"
    run.failure = RunFailure(
      kind: .crash, cell: 5, message: "lessons/02-pruning.md:53: error: boom stopped the program")
    run.compileSeconds = 2.81
    run.runSeconds = 3.2
    return LessonPage(
      lesson: lesson, run: run, profile: .quick,
      facts: RunFacts(
        engineBuild: String(repeating: "ab", count: 32),
        swiftVersion: "Swift version 6.3 (swift-6.3-RELEASE)",
        datasetChecksum: String(repeating: "0f", count: 32), optimized: false))
  }

  /// Three lessons around ``page()``.
  static func site(around page: LessonPage) -> Site {
    Site(entries: [
      SiteEntry(
        name: "01-intro", title: "Intro & <setup>", summary: "What a <em>ticket</em> is.",
        passed: 2, failed: 0, broken: false),
      SiteEntry(page: page),
      SiteEntry(name: "03-next", title: "Transfer", passed: 0, failed: 0, broken: false),
    ])
  }
}

struct PageSnapshotTests {
  @Test func footerNamesTheBLASKernelsWhenKnown() throws {
    var page = try PageFixtures.page()
    #expect(
      !PageFixtures.renderer.render(page, site: PageFixtures.site(around: page)).contains(
        "BLAS kernels"))
    page.facts?.blasKernels = "SkylakeX"
    let html = PageFixtures.renderer.render(page, site: PageFixtures.site(around: page))
    #expect(html.contains("<dt>BLAS kernels</dt><dd>OpenBLAS SkylakeX</dd>"))
  }

  @Test func lessonPageWithEveryFeatureMatchesGoldenFile() throws {
    let page = try PageFixtures.page()
    let html = PageFixtures.renderer.render(page, site: PageFixtures.site(around: page))
    expectPageSnapshot(html, named: "lesson-page")
  }

  @Test func compileErrorPageMatchesGoldenFile() throws {
    let lesson = try LessonParser().parse(
      "# Broken\n\nText.\n\n```swift\nlet a: Int = \"x\"\n```\n", path: "lessons/01-broken.md")
    var run = LessonRun.empty(for: lesson)
    run.diagnostics = [
      Diagnostic(
        file: "lessons/01-broken.md", line: 6, column: 14, severity: "error",
        message: "cannot convert value of type 'String' to specified type 'Int'", cell: 0)
    ]
    run.failure = RunFailure(
      kind: .compile, cell: 0,
      message: "lessons/01-broken.md:6:14: error: cannot convert value of type 'String'")
    let html = PageFixtures.renderer.render(
      LessonPage(lesson: lesson, run: run, profile: .full))
    expectPageSnapshot(html, named: "compile-error-page")
  }

  @Test func courseIndexMatchesGoldenFile() throws {
    let page = try PageFixtures.page()
    expectPageSnapshot(
      PageFixtures.renderer.renderIndex(PageFixtures.site(around: page)), named: "index")
  }
}
