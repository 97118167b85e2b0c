import Foundation
import Testing

@testable import Notebook

/// A course render as a reader gets it: shared assets written once, formulas typeset at render
/// time (no script), self-contained pages on request, the index naming the course, the run log
/// and appendix folded away, front matter folding code, tables grouping thousands.
struct SiteAssetsTests {
  /// Options for a pipeline in `directory` that needs no Lab library (lessons without code).
  func options(_ directory: String, selfContained: Bool = false) -> NotebookOptions {
    var options = TestSupport.optionsWithoutLab(in: directory)
    options.selfContained = selfContained
    options.coursePage = directory + "/lessons/course.md"
    return options
  }

  static let lesson = """
    # Sparsity

    A mask keeps $\\|m\\|_0$ of $n$ weights; the bad formula $\\frac{a$ stays readable.

    $$
    s = 1 - \\frac{\\|m\\|_0}{n}
    $$
    """

  @Test(
    .enabled(
      if: KaTeX.installed != nil, "needs Debian's katex and nodejs: apt-get install -y katex"))
  func aCourseRenderTypesetsMathOnceAndLinksSharedAssetsHoldingOnlyTheFontsInUse() throws {
    let directory = try TestSupport.temporaryDirectory()
    let path = try TestSupport.write(Self.lesson, to: "lessons/01-sparsity.md", in: directory)
    _ = try TestSupport.write(
      "# Sparse networks\n\nA course about masks.\n", to: "lessons/course.md", in: directory)
    let outcome = Pipeline(options: options(directory)).render([path], jobs: 1)[0]
    #expect(outcome.succeeded)
    // The formula KaTeX rejects is a warning naming the file and line, shown as its source.
    #expect(
      outcome.messages.contains {
        $0.hasPrefix("\(path):3: warning: KaTeX cannot typeset $\\frac{a$")
      }, "\(outcome.messages)")
    let output = directory + "/output"
    let page = TestSupport.read(output + "/01-sparsity.html")
    #expect(!page.contains("<script"))
    #expect(!page.contains("<style"))
    #expect(page.contains("<link rel=\"stylesheet\" href=\"assets/ticketbook.css\">"))
    #expect(page.contains("<link rel=\"stylesheet\" href=\"assets/katex/katex.css\">"))
    #expect(page.contains("<span class=\"math display\"><span class=\"katex-display\">"))
    #expect(page.contains("<math"), "MathML for screen readers")
    #expect(page.contains("class=\"math inline math-error\""))
    // Only the fonts the formulas use, as WOFF2, each file once for the whole site.
    let fonts = try FileManager.default.contentsOfDirectory(atPath: output + "/assets/katex/fonts")
    #expect(fonts.contains("KaTeX_Main-Regular.woff2") && fonts.contains("KaTeX_Math-Italic.woff2"))
    #expect(fonts.allSatisfy { $0.hasSuffix(".woff2") })
    #expect(!fonts.contains("KaTeX_Fraktur-Regular.woff2") && fonts.count < 12)
    let css = TestSupport.read(output + "/assets/katex/katex.css")
    for font in fonts { #expect(css.contains("url(fonts/\(font))")) }
    #expect(!css.contains("KaTeX_Fraktur-Regular"))
    #expect(TestSupport.read(output + "/assets/ticketbook.css") == Stylesheet.css)
    // The index names the course and says what it is.
    let index = TestSupport.read(output + "/index.html")
    #expect(index.contains("<title>Sparse networks</title>"))
    #expect(index.contains("<h1>Sparse networks</h1><div class=\"introduction\"><p>A course about masks.</p>"))
    // Rendering again gives the same bytes.
    let before = try Data(contentsOf: URL(fileURLWithPath: output + "/01-sparsity.html"))
    _ = Pipeline(options: options(directory)).render([path], jobs: 1)
    #expect(try Data(contentsOf: URL(fileURLWithPath: output + "/01-sparsity.html")) == before)
  }

  @Test(
    .enabled(
      if: KaTeX.installed != nil, "needs Debian's katex and nodejs: apt-get install -y katex"))
  func aSelfContainedPageHoldsItsStylesAndFontsAndLinksNothing() throws {
    let directory = try TestSupport.temporaryDirectory()
    let path = try TestSupport.write(Self.lesson, to: "lessons/01-sparsity.md", in: directory)
    _ = Pipeline(options: options(directory, selfContained: true)).render([path], jobs: 1)
    let page = TestSupport.read(directory + "/output/01-sparsity.html")
    #expect(!page.contains("<link") && !page.contains("<script"))
    #expect(page.contains("<style id=\"katex-css\">"))
    #expect(page.contains("url(data:font/woff2;base64,"))
    #expect(!page.contains("@font-face{font-family:KaTeX_Fraktur"), "only the fonts in use")
    #expect(!FileManager.default.fileExists(atPath: directory + "/output/assets"))
  }

  @Test func theAppendixAndRunLogAreFoldedAndSeedsAreListedOncePerSetting() throws {
    let html = PageFixtures.renderer.render(try PageFixtures.page())
    #expect(html.contains("<details class=\"facts\" id=\"run-facts\"><summary>About this run</summary>"))
    #expect(html.contains("<caption>Run log</caption>"))
    // Memo notes are in the run log, not under the cell.
    let meta = html.components(separatedBy: "class=\"cell-meta\"").dropFirst()
    #expect(meta.allSatisfy { !$0.prefix(400).contains("memo ") })
  }

  @Test func frontMatterFoldsEveryCellThatDoesNotSayOtherwiseAndKeepsLineNumbers() throws {
    let text = """
      ---
      code-fold: true
      ---
      # Title

      ```swift
      let a = 1
      ```

      ```swift
      //| fold: false
      let b = 2
      ```
      """
    let lesson = try LessonParser().parse(text, path: "lessons/l.md")
    #expect(lesson.title == "Title")
    #expect(lesson.cells.map(\.options.fold) == [true, false])
    #expect(lesson.cells[0].fenceLine == 6)
    #expect(throws: LessonError.self) {
      try LessonParser().parse("---\ncode-fold: yes\n---\n# T\n", path: "l.md")
    }
    do {
      _ = try LessonParser().parse("---\ncolour: red\n---\n# T\n", path: "l.md")
      Issue.record("an unknown key must be an error")
    } catch {
      #expect(error.line == 2)
      #expect(error.description.contains("unknown front matter key 'colour'"))
    }
    do {
      _ = try LessonParser().parse("---\ncode-fold: true\n# T\n", path: "l.md")
      Issue.record("an unclosed front matter must be an error")
    } catch {
      #expect(error.line == 1)
    }
    // A lesson starting with a rule that is not front matter is still just Markdown.
    #expect(try LessonParser().parse("# T\n\n---\n\nText.\n", path: "l.md").title == "T")
  }

  @Test func tablesGroupThousandsAndLeaveDecimalsAndHashesAlone() {
    #expect(PageBuilder.groupingThousands("266200") == "266,200")
    #expect(PageBuilder.groupingThousands("12345.678") == "12,345.678")
    #expect(PageBuilder.groupingThousands("0.123456") == "0.123456")
    #expect(PageBuilder.groupingThousands("1800") == "1800")
    #expect(PageBuilder.groupingThousands("3,200 to 266200 of 1e-12345") == "3,200 to 266,200 of 1e-12345")
    #expect(PageBuilder.groupingThousands("lottery-58c22053e13ca5f6") == "lottery-58c22053e13ca5f6")
    #expect(PageBuilder.groupingThousands("86.93 (86.66–87.18)") == "86.93 (86.66–87.18)")
    #expect(PageBuilder.keepsOnOneLine("86.66–87.18"))
    #expect(PageBuilder.keepsOnOneLine("3 min 05 s"))
    #expect(!PageBuilder.keepsOnOneLine("not measurably different from dense"))
  }
}

/// The published course (`output/`, committed) is a light site.
struct PublishedSiteTests {
  static let output =
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path + "/output"

  @Test func everyLessonPageIsAtMost200KBAndTheWholeSiteAtMost2Point5MB() throws {
    let files = try FileManager.default.subpathsOfDirectory(atPath: Self.output)
    var total = 0
    var pages = 0
    for file in files {
      let attributes = try FileManager.default.attributesOfItem(atPath: Self.output + "/" + file)
      guard (attributes[.type] as? FileAttributeType) == .typeRegular else { continue }
      let size = (attributes[.size] as? Int) ?? 0
      total += size
      if file.hasSuffix(".html") && !file.contains("/") {
        pages += 1
        #expect(size <= 200_000, "\(file) is \(size) bytes")
        let html = TestSupport.read(Self.output + "/" + file)
        #expect(!html.contains("<script"), "\(file) carries a script")
        #expect(html.contains("href=\"assets/ticketbook.css\""), "\(file) links the shared stylesheet")
      }
    }
    #expect(pages >= 8, "six lessons, the index and the claims page")
    #expect(total <= 2_500_000, "output/ is \(total) bytes")
  }
}
