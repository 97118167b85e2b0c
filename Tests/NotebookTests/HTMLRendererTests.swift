import Foundation
import Plots
import Testing

@testable import Notebook

struct HTMLRendererTests {
  func page(_ text: String, _ configure: (inout LessonRun) -> Void) throws -> String {
    let lesson = try LessonParser().parse(text, path: "lessons/l.md")
    var run = LessonRun.empty(for: lesson)
    configure(&run)
    var renderer = PageFixtures.renderer
    renderer.math = PageFixtures.typeset(text)
    return renderer.render(LessonPage(lesson: lesson, run: run, profile: .quick))
  }

  @Test func cellOutputTablesChecksPlotsAndInlineValuesAreEscaped() throws {
    let html = try page("# T\n\nSee `{swift} x`.\n\n```swift\nx\n```\n") { run in
      run.inlines = ["<b>5</b>"]
      run.cells[0].stdout = "<script>alert(1)</script>"
      run.cells[0].items = [
        .table(TableRecord(columns: ["<th>"], rows: [["<td>&"]], caption: "<cap>")),
        .check(
          CheckRecord(claim: "a < b", passed: false, measured: "1 > 0", file: "l.md", line: 6)),
        .shown(label: "<l>", text: "<v>"),
        .plot(
          PlotRecord(
            spec: .bar(title: "A < B & C", y: "<y>", categories: ["<a>"], values: [1]),
            caption: "<fig>", alt: "alt <&>")),
        .memo(name: "<memo>", hit: true, seconds: 0),
      ]
    }
    #expect(!html.contains("<script>"))
    #expect(!html.contains("<b>5</b>"))
    #expect(html.contains("<span class=\"inline-value\">&lt;b&gt;5&lt;/b&gt;</span>"))
    #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    #expect(html.contains("<th>&lt;th&gt;</th>"))
    #expect(html.contains("<td>&lt;td&gt;&amp;</td>"))
    #expect(html.contains("<caption>&lt;cap&gt;</caption>"))
    #expect(
      html.contains(
        "<span class=\"badge\">✗ fail</span><span class=\"claim\">a &lt; b</span><span class=\"measured\">1 &gt; 0</span><span class=\"where\">l.md:6</span>"
      ))
    #expect(html.contains("&lt;l&gt;: </span>&lt;v&gt;"))
    #expect(html.contains("A &lt; B &amp; C"))
    #expect(!html.contains("A < B"))
    #expect(html.contains("alt &lt;&amp;&gt;"))
    #expect(html.contains("<figcaption>Figure 1: &lt;fig&gt;</figcaption>"))
    #expect(html.contains("1 stored result reused: &lt;memo&gt;"))
  }

  @Test func echoFalseHidesCodeOutputFalseHidesOutputButNotChecksFoldFoldsCode() throws {
    let html = try page(
      "```swift\n//| echo: false\nsecretCode()\n```\n\n```swift\n//| output: false\nshownCode()\n```\n\n```swift\n//| fold: true\nfolded()\n```\n"
    ) { run in
      run.cells[0].stdout = "visible output"
      run.cells[1].stdout = "hidden output"
      run.cells[1].items = [
        .shown(label: nil, text: "hidden shown"),
        .check(CheckRecord(claim: "claim shown", passed: true, measured: "", file: "l", line: 8)),
      ]
    }
    #expect(!html.contains("secretCode"))
    #expect(html.contains("visible output"))
    #expect(html.contains("shownCode"))
    #expect(!html.contains("hidden output"))
    #expect(!html.contains("hidden shown"))
    #expect(html.contains("claim shown"))
    #expect(
      html.contains(
        "<details class=\"code-fold\"><summary>Code</summary><pre><code class=\"language-swift\">folded()"
      ))
  }

  @Test func figuresAreNumberedAcrossCellsWithCaptionsAndAltText() throws {
    let html = try page(
      "```swift\na\n```\n\n```swift\n//| caption: Second\n//| alt: Two bars\nb\n```\n"
    ) { run in
      let bars = PlotSpec.bar(y: "n", categories: ["a"], values: [1])
      run.cells[0].items = [.plot(PlotRecord(spec: bars)), .plot(PlotRecord(spec: bars))]
      run.cells[1].items = [.plot(PlotRecord(spec: bars))]
    }
    #expect(html.contains("<figcaption>Figure 1</figcaption>"))
    #expect(html.contains("<figure class=\"plot\" id=\"fig-2\">"))
    #expect(html.contains("<figcaption>Figure 3: Second</figcaption>"))
    #expect(html.contains(">Two bars</desc>"))
    // Every SVG id on the page is distinct.
    let ids = html.components(separatedBy: "<svg ").dropFirst().compactMap {
      $0.components(separatedBy: "id=\"").dropFirst().first?.components(separatedBy: "\"").first
    }
    // Two layouts per figure (wide and narrow).
    #expect(ids.count == 6 && Set(ids).count == 6)
  }

  @Test func failureAndCellErrorsNameTheMarkdownFileAndLine() throws {
    let html = try page(
      "```swift\nlet a: Int = \"x\"\n```\n\n```swift\n//| error: true\nboom()\n```\n"
    ) { run in
      run.diagnostics = [
        Diagnostic(
          file: "lessons/l.md", line: 2, column: 14, severity: "error",
          message: "cannot convert <String>", cell: 0)
      ]
      run.failure = RunFailure(
        kind: .compile, cell: 0, message: "lessons/l.md:2:14: error: cannot convert <String>")
      run.cells[1].error = "Fatal error: boom\nCurrent stack trace:\n0 frame"
    }
    #expect(
      html.contains(
        "<div class=\"failure\" role=\"alert\">l.md:2:14: error: cannot convert &lt;String&gt;\n(see cell 1 below)</div>"
      ))
    #expect(
      html.contains(
        "<div class=\"error-panel\" role=\"alert\"><div class=\"error-head\">cell 1 does not compile (l.md:2)</div><pre>l.md:2:14: error: cannot convert &lt;String&gt;</pre></div>"
      ))
    #expect(
      html.contains(
        "<div class=\"error-panel expected\" role=\"alert\"><div class=\"error-head\">cell 2 failed, as expected (error: true; l.md:5)</div><pre>Fatal error: boom</pre><details class=\"stack-trace\"><summary>Stack trace</summary><pre>0 frame</pre></details></div>"
      ))
    // The page never shows where the course was checked out.
    #expect(!html.contains("lessons/l.md"))
  }

  @Test func swiftCodeIsHighlightedAndOtherCodeIsEscapedAsIs() throws {
    let html = try page("```swift\nlet s = \"<a>\"\n```\n\n```python\nprint(\"<b>\")\n```\n") { _ in
    }
    #expect(
      html.contains(
        "<code class=\"language-swift\"><span class=\"kw\">let</span> s = <span class=\"str\">&quot;&lt;a&gt;&quot;</span></code>"
      ))
    #expect(html.contains("<code class=\"language-python\">print(&quot;&lt;b&gt;&quot;)</code>"))
  }

  @Test func renderingTwiceOrFromDecodedJSONGivesIdenticalBytes() throws {
    let page = try PageFixtures.page()
    let site = PageFixtures.site(around: page)
    let first = PageFixtures.renderer.render(page, site: site)
    #expect(PageFixtures.renderer.render(page, site: site) == first)
    let decoded = try CanonicalJSON.decoder().decode(
      LessonPage.self, from: CanonicalJSON.encode(page))
    #expect(PageFixtures.renderer.render(decoded, site: site) == first)
  }

  @Test func pageWithMathCarriesTypesetFormulasAndKaTeXStylesButNoScript() throws {
    let math = try page("Let $x_1 < y$ hold.\n") { _ in }
    #expect(math.contains("<span class=\"math inline\"><span class=\"katex\">x_1 &lt; y</span>"))
    #expect(math.contains("<style id=\"katex-css\">/* katex.min.css */</style>"))
    #expect(!math.contains("<script"))
    let plain = try page("No math, only $5.\n") { _ in }
    #expect(!plain.contains("<script"))
    #expect(!plain.contains("katex-css"))
    // Without KaTeX the TeX stays readable as text.
    let lesson = try LessonParser().parse("Let $x_1$ hold.\n", path: "l.md")
    let bare = HTMLRenderer(katex: nil).render(
      LessonPage(lesson: lesson, run: .empty(for: lesson), profile: .quick))
    #expect(bare.contains("<span class=\"math inline\">x_1</span>"))
    #expect(!bare.contains("<script"))
  }

  @Test func aPageCarriesKaTeXStylesExactlyWhenItsProseHasMath() throws {
    func page(_ text: String) throws -> LessonPage {
      let lesson = try LessonParser().parse(text, path: "lessons/l.md")
      return LessonPage(lesson: lesson, run: .empty(for: lesson), profile: .quick)
    }
    let texts = [
      ("Let $x_1 < y$ hold.\n", true), ("## A $b$ heading\n\nText.\n", true),
      ("No math, only $5.\n", false), ("Code: `$x$`.\n\n```swift\nlet s = \"$x$\"\n```\n", false),
      ("![alt $x$](p.png)\n", false),
    ]
    var renderer = PageFixtures.renderer
    renderer.math = PageFixtures.typeset(texts.map(\.0).joined(separator: "\n"))
    for (text, math) in texts {
      let page = try page(text)
      #expect(renderer.hasMath(page) == math, "\(text)")
      #expect(renderer.render(page).contains("katex-css") == math, "\(text)")
    }
    // The index carries KaTeX's styles when a summary has math; the claims page never does.
    let site = Site(entries: [
      SiteEntry(page: try page("# A\n\nCount $n$ tickets.\n")),
      SiteEntry(page: try page("# B\n\nNo math.\n")),
    ])
    renderer.math = PageFixtures.typeset("Count $n$ tickets.")
    #expect(renderer.renderIndex(site).contains("katex-css"))
    #expect(!renderer.renderIndex(Site(entries: [site.entries[1]])).contains("katex-css"))
    #expect(!renderer.renderClaims(site).contains("katex-css"))
  }

  @Test func aPageReportsTheFormulasTypesetOnItAndTheirFonts() throws {
    func page(_ text: String) throws -> LessonPage {
      let lesson = try LessonParser().parse(text, path: "lessons/l.md")
      return LessonPage(lesson: lesson, run: .empty(for: lesson), profile: .quick)
    }
    var renderer = PageFixtures.renderer
    renderer.math = PageFixtures.typeset("## A $b$ heading\n\nLet $x$ hold.\n")
    renderer.math.fonts[Formula(tex: "b", display: false)] = ["KaTeX_Main-Regular.woff2"]
    renderer.math.fonts[Formula(tex: "x", display: false)] = ["KaTeX_Math-Italic.woff2"]
    let math = renderer.renderedPage(try page("## A $b$ heading\n\nLet $x$ hold.\n"))
    #expect(
      math.formulas == [Formula(tex: "b", display: false), Formula(tex: "x", display: false)])
    #expect(math.fonts == ["KaTeX_Main-Regular.woff2", "KaTeX_Math-Italic.woff2"])
    #expect(math.html == renderer.render(try page("## A $b$ heading\n\nLet $x$ hold.\n")))
    let plain = renderer.renderedPage(try page("# T\n\nNo math, only $5.\n"))
    #expect(plain.formulas.isEmpty && plain.fonts.isEmpty && !plain.hasTypesetMath)
    // A formula KaTeX did not typeset is shown as TeX and needs no KaTeX styles.
    let untypeset = renderer.renderedPage(try page("Let $y$ hold.\n"))
    #expect(!untypeset.hasTypesetMath && !untypeset.html.contains("katex-css"))
    #expect(untypeset.html.contains("<span class=\"math inline\">y</span>"))
  }

  @Test func mathMarkupPrintedByACellStaysText() throws {
    let printed = "<span class=\"math inline\" data-line=\"3\">x</span>"
    var renderer = PageFixtures.renderer
    renderer.math = PageFixtures.typeset("Let $x$ hold.\n")
    let lesson = try LessonParser().parse("# T\n\n```swift\nprint(1)\n```\n", path: "l.md")
    var run = LessonRun.empty(for: lesson)
    run.cells[0].stdout = printed
    let page = renderer.renderedPage(LessonPage(lesson: lesson, run: run, profile: .quick))
    #expect(page.html.contains(HTML.escape(printed)))
    #expect(!page.html.contains("<span class=\"katex\">"))
    #expect(!page.hasTypesetMath && !page.html.contains("katex-css"))
  }

  @Test func theIndexTypesetsTheIntroductionsFormulas() throws {
    let directory = try TestSupport.temporaryDirectory()
    let course = directory + "/course.md"
    try "# Course\n\nPrune $p$ of the weights.\n".write(
      toFile: course, atomically: true, encoding: .utf8)
    let site = try Site(entries: [], coursePage: course)
    #expect(site.introductionMath.map(Formula.init) == [Formula(tex: "p", display: false)])
    var renderer = PageFixtures.renderer
    renderer.math = PageFixtures.typeset("Prune $p$ of the weights.\n")
    let index = renderer.renderedIndex(site)
    #expect(index.formulas == [Formula(tex: "p", display: false)])
    #expect(index.html.contains("Prune <span class=\"math inline\"><span class=\"katex\">p</span>"))
    #expect(index.html.contains("katex-css"))
  }

  @Test func aSitePageLinksTheSharedStylesheetsAndHoldsNoStyleOfItsOwn() throws {
    var renderer = PageFixtures.renderer
    renderer.assets = .site
    let html = renderer.render(try PageFixtures.page())
    #expect(html.contains("<link rel=\"stylesheet\" href=\"assets/ticketbook.css\">"))
    #expect(html.contains("<link rel=\"stylesheet\" href=\"assets/katex/katex.css\">"))
    #expect(!html.contains("<style"))
    #expect(!html.contains("<script"))
  }

  @Test func pageLoadsNothingFromOutside() throws {
    let html = PageFixtures.renderer.render(try PageFixtures.page())
    for attribute in ["src=\"", "href=\""] {
      for value in html.components(separatedBy: attribute).dropFirst() {
        let target = value.prefix { $0 != "\"" }
        #expect(
          target.hasPrefix("#") || (target.hasSuffix(".html") && !target.contains(":")),
          "\(attribute)\(target)")
      }
    }
    #expect(!html.contains("<link"))
    #expect(!html.contains("@import"))
    #expect(!html.contains("url(http"))
  }

  @Test func twentyPlotsOfTenThousandPointsRender() throws {
    var text = ""
    for index in 0..<20 { text += "```swift\n//| label: plot \(index)\nplot()\n```\n\n" }
    let lesson = try LessonParser().parse(text, path: "big.md")
    var run = LessonRun.empty(for: lesson)
    for index in 0..<20 {
      let x = (0..<10_000).map { Double($0) }
      let y = x.map { sin($0 / 300 + Double(index)) * 10 + Double(index) }
      run.cells[index].items = [
        .plot(
          PlotRecord(
            spec: .line(
              title: "Series \(index)", x: "step", y: "value", series: [Series("s", x: x, y: y)])
          ))
      ]
    }
    let page = LessonPage(lesson: lesson, run: run, profile: .full)
    let start = ContinuousClock.now
    let html = PageFixtures.renderer.render(page)
    let elapsed = ContinuousClock.now - start
    // Timing belongs in `ticketbook bench`; this only shows the number and checks the figures.
    print("rendered 20 plots of 10,000 points in \(elapsed) (\(html.utf8.count) bytes)")
    #expect(html.components(separatedBy: "<figure class=\"plot\"").count == 21)
  }
}
