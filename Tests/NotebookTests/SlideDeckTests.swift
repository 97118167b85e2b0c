import Foundation
import Testing

@testable import Notebook

/// Slide decks cut from a lesson page, and PDFs printed reproducibly.
struct SlideDeckTests {
  static let lesson = """
    # Tickets

    Opening paragraph.

    ## First idea

    Text of the first slide.

    > Notes: say this aloud, not on the slide.

    ```swift
    //| label: shown
    let a = 1
    ```

    ---

    A slide after a rule.

    > A real quote stays on the slide.

    ## Second idea

    ```swift
    //| label: code-too
    //| slide: code
    let b = 2
    ```

    ```swift
    //| label: hidden
    //| slide: hide
    let c = 3
    ```
    """

  func deck() throws -> (html: String, slides: [SlideDeckBuilder.Slide]) {
    let lesson = try LessonParser().parse(Self.lesson, path: "lessons/02-tickets.md")
    var run = LessonRun.empty(for: lesson)
    run.cells[0].stdout = "printed by shown\n"
    run.cells[1].stdout = "printed by code-too\n"
    run.cells[2].stdout = "printed by hidden\n"
    let page = LessonPage(lesson: lesson, run: run, profile: .quick)
    var builder = SlideDeckBuilder(page: page)
    return (PageFixtures.renderer.renderSlides(page), builder.build())
  }

  @Test func aSlideStartsAtEverySecondLevelHeadingAndEveryRule() throws {
    let (html, slides) = try deck()
    #expect(slides.count == 4)
    #expect(slides[0].content.contains("<h1>Tickets</h1>") && slides[0].content.contains("Opening"))
    #expect(slides[1].content.contains("<h2>First idea</h2>"))
    #expect(slides[2].content.contains("A slide after a rule.") && !slides[2].content.contains("<hr"))
    #expect(slides[3].content.contains("<h2>Second idea</h2>"))
    #expect(html.components(separatedBy: "<section class=\"slide").count - 1 == 4)
    #expect(html.contains("aria-label=\"Slide 4 of 4\""))
    #expect(html.contains("<span class=\"counter\" aria-live=\"polite\">1 / 4</span>"))
  }

  @Test func notesGoToTheSlidesNotesAndOtherQuotesStay() throws {
    let (html, slides) = try deck()
    #expect(slides[1].notes.contains("say this aloud"))
    #expect(!slides[1].content.contains("say this aloud"))
    #expect(slides[2].content.contains("<blockquote>") && slides[2].notes.isEmpty)
    #expect(html.contains("<aside class=\"notes\" aria-label=\"Speaker notes\"><p>say this aloud"))
  }

  @Test func cellsShowTheirOutputAndTheirCodeOnlyWhenTheyAsk() throws {
    let (_, slides) = try deck()
    #expect(slides[1].content.contains("printed by shown"))
    #expect(!slides[1].content.contains("let a = 1"), "code is hidden by default")
    #expect(slides[3].content.contains("printed by code-too"))
    #expect(slides[3].content.contains(">let</span> b = <span class=\"num\">2</span>"))
    #expect(!slides[3].content.contains("printed by hidden"), "slide: hide leaves the cell off")
    #expect(throws: LessonError.self) {
      try LessonParser().parse("```swift\n//| slide: maybe\nx\n```\n", path: "l.md")
    }
  }

  @Test func aDeckIsOneFileWithItsStylesAndScript() throws {
    let (html, _) = try deck()
    #expect(!html.contains("<link"))
    #expect(html.contains("<style>") && html.contains("@page{size:1280px 720px"))
    #expect(html.contains("<script>(function(){var s=[].slice.call(document.querySelectorAll(\".slide\"))"))
    #expect(html.contains("<body class=\"deck-body\">"))
  }

  @Test func printedPDFsAreMadeReproducible() {
    let first = Data(
      "%PDF-1.4\n/CreationDate (D:20261201173653+00'00')\n/ID (node00000202) (node00000350) (node00000202)\n"
        .utf8)
    let second = Data(
      "%PDF-1.4\n/CreationDate (D:20261202090000+00'00')\n/ID (node00000201) (node00000349) (node00000201)\n"
        .utf8)
    let a = PDFPrinter.reproducible(first, day: "2026-11-30")
    let b = PDFPrinter.reproducible(second, day: "2026-11-30")
    #expect(a == b)
    #expect(a.count == first.count, "every length kept")
    #expect(
      String(decoding: a, as: UTF8.self)
        == "%PDF-1.4\n/CreationDate (D:20261130000000+00'00')\n/ID (node00000001) (node00000002) (node00000001)\n"
    )
  }
}
