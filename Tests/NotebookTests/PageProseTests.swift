import Testing

@testable import Notebook

struct PageProseTests {
  func render(_ text: String, site: Site = Site()) throws -> String {
    let lesson = try LessonParser().parse(text, path: "lessons/p.md")
    return PageFixtures.renderer.render(
      LessonPage(lesson: lesson, run: .empty(for: lesson), profile: .quick), site: site)
  }

  @Test func headingsGetStableUniqueIDsThatAvoidCellAnchors() throws {
    let html = try render(
      "# Title\n\n## Why *it* works?\n\n## Why it works\n\n## Cell setup\n\n```swift\n//| label: setup\nx\n```\n\n## Run facts\n"
    )
    #expect(html.contains("<h1 id=\"title\">Title</h1>"))
    #expect(html.contains("<h2 id=\"why-it-works\">Why <em>it</em> works?</h2>"))
    #expect(html.contains("<h2 id=\"why-it-works-2\">Why it works</h2>"))
    #expect(html.contains("<h2 id=\"cell-setup-2\">Cell setup</h2>"))
    #expect(html.contains("<section class=\"cell\" id=\"cell-setup\">"))
    #expect(html.contains("<h2 id=\"run-facts-2\">Run facts</h2>"))
    #expect(
      try render("# Title\n\n## Why *it* works?\n") == render("# Title\n\n## Why *it* works?\n"))
  }

  @Test func tableOfContentsNestsThirdLevelHeadingsAndDropsLinks() throws {
    let html = try render(
      "# T\n\n## A\n\n### A1\n\n### [A2](https://x.org)\n\n## B $x_1$\n\n#### deep\n")
    #expect(
      html.contains(
        "<nav class=\"toc\" aria-label=\"Contents\"><p class=\"toc-title\">Contents</p><ol><li><a href=\"#a\">A</a><ol><li><a href=\"#a1\">A1</a></li><li><a href=\"#a2\">A2</a></li></ol></li><li><a href=\"#b-x-1\">B <span class=\"math inline\">x_1</span></a></li></ol></nav>"
      ))
    #expect(html.contains("<div class=\"page with-toc\">"))
    // One heading is no contents.
    let short = try render("# T\n\n## Only\n")
    #expect(!short.contains("class=\"toc\""))
    #expect(short.contains("<div class=\"page\">"))
  }

  @Test func lessonWithoutHeadingGetsItsTitleAsH1() throws {
    let html = try render("Just text.\n")
    #expect(html.contains("<main id=\"content\"><h1>p</h1>"))
  }

  @Test func summaryIsTheFirstParagraphWithInlineValuesAndWithoutLinks() throws {
    let lesson = try LessonParser().parse(
      "# T\n\nThe [ticket](x.html) wins `{swift} n` times.\n\nSecond.\n", path: "t.md")
    var run = LessonRun.empty(for: lesson)
    run.inlines = ["<3>"]
    let page = LessonPage(lesson: lesson, run: run, profile: .quick)
    #expect(
      PageBuilder.summary(of: page).html
        == "The ticket wins <span class=\"inline-value\">&lt;3&gt;</span> times.")
  }

  @Test func summaryEndingInAColonTakesWhatItAnnounces() throws {
    func summary(_ text: String) throws -> String {
      let lesson = try LessonParser().parse(text, path: "t.md")
      return PageBuilder.summary(
        of: LessonPage(lesson: lesson, run: .empty(for: lesson), profile: .quick)
      ).html
    }
    #expect(
      try summary("# T\n\nThey put it this way:\n\n> Tickets *win*.\n\nMore.\n")
        == "They put it this way: \u{201C}Tickets <em>win</em>.\u{201D}")
    #expect(try summary("# T\n\nIn short:\n\nTickets win.\n\nMore.\n") == "In short: Tickets win.")
    #expect(try summary("# T\n\nA colon: inside.\n\nMore.\n") == "A colon: inside.")
    #expect(try summary("# T\n\nNothing follows:\n") == "Nothing follows:")
  }

  @Test func headingsAndParagraphsAreReadFromTheTree() throws {
    let lesson = try LessonParser().parse(
      "# T [x](y) `a<b`\n\n> ## Quoted\n\n- tight:\n\nLoose:\n\n1. one\n\n   two\n", path: "t.md")
    guard case .prose(let prose) = lesson.blocks.first else {
      Issue.record("no prose")
      return
    }
    #expect(
      prose.blocks.first?.heading
        == ProseHeading(
          level: 1, content: "T <a href=\"y\">x</a> <code>a&lt;b</code>",
          contentWithoutLinks: "T x <code>a&lt;b</code>", text: "T x a<b"))
    // Only top-level headings are the page's headings: a quoted one stays as cmark wrote it.
    #expect(prose.blocks[1].heading == nil)
    #expect(prose.html.contains("<blockquote>\n<h2>Quoted</h2>\n</blockquote>"))
    // A tight list's item is no paragraph (cmark writes no `<p>` for it); a loose one's is.
    #expect(prose.opening.map(\.contentWithoutLinks) == ["Loose:", "one"])
    #expect(prose.opening.map(\.endsWithColon) == [true, false])
  }

  @Test func slugsKeepLettersAndDigitsOnly() {
    #expect(PageBuilder.slug("  Über 2 × tickets! ") == "über-2-tickets")
    #expect(PageBuilder.slug("!!!") == "section")
  }
}
