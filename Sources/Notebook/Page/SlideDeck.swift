import Foundation
import LabRecords

/// A lesson as a slide deck (`ticketbook render --slides`): one self-contained HTML file from
/// the same run as the lesson's page.
///
/// A slide starts at every second-level heading and at every thematic break (`---`, which is
/// dropped); what comes before the first one (the title and the opening) is the first slide.
/// Cells show their output (figures, tables, checks, shown values, printed text); their code
/// only with `//| slide: code`; `//| slide: hide` leaves a cell off. A block quote whose first
/// paragraph starts with "Notes:" holds the slide's speaker notes, shown with the N key.
/// Arrow keys, Page Up/Down, space, Home/End, a click (left third back) or the buttons move
/// through the deck; the address ends in `#n` for slide n; printed, each slide is one page.
extension HTMLRenderer {
  /// Renders the deck of `page`; it holds its stylesheets, KaTeX's fonts and its script.
  public func renderSlides(_ page: LessonPage) -> String {
    var deck = SlideDeckBuilder(page: page, math: math)
    let slides = deck.build()
    var sections = HTML()
    for (index, slide) in slides.enumerated() {
      var content = HTML.trusted(slide.content)
      if !slide.notes.isEmpty {
        content += .element(
          "aside", ["class": "notes", "aria-label": "Speaker notes"], .trusted(slide.notes))
      }
      sections += .element(
        "section",
        [
          "class": index == 0 ? "slide title-slide" : "slide", "id": "slide-\(index + 1)",
          "aria-label": "Slide \(index + 1) of \(slides.count)",
        ], content)
    }
    let navigation = HTML.element(
      "nav", ["class": "deck-nav", "aria-label": "Slides"],
      .element("button", ["type": "button", "data-go": "-1", "aria-label": "Previous slide"], text: "\u{2190}")
        + .element("span", ["class": "counter", "aria-live": "polite"], text: "1 / \(slides.count)")
        + .element("button", ["type": "button", "data-go": "1", "aria-label": "Next slide"], text: "\u{2192}"))
    var inline = self
    inline.assets = .inline
    return inline.document(
      title: page.lesson.title + " (slides)",
      body: .element("main", ["class": "deck", "id": "deck"], sections) + navigation
        + .element("script", [:], .trusted(Self.slideScript)),
      formulas: deck.builder.formulas, extraStyle: Self.slideStyle, bodyClass: "deck-body")
  }

  /// The deck's layout: one slide fills the window, text scales with its height, figures and
  /// tables fit the slide; printed, one slide per 16:9 page, without notes or buttons.
  static let slideStyle = """
    body.deck-body{margin:0;overflow:hidden}
    .slide{box-sizing:border-box;width:100vw;height:100vh;padding:4vh 7vw 8vh;overflow:auto;font-size:clamp(15px,2.6vh,30px);line-height:1.45}
    .slide[hidden]{display:none}
    .slide>*{max-width:72rem;margin-left:auto;margin-right:auto}
    .slide h1{font-size:2.2em;margin-top:18vh}.slide h2{font-size:1.6em;border:0;margin-top:0}.slide h3{font-size:1.2em}
    .slide figure{margin:.5em auto}.slide figure svg{max-height:58vh;width:auto;max-width:100%}
    .slide .table-wrap{max-height:60vh;overflow:auto}.slide table{font-size:.8em}
    .slide pre{font-size:.7em}.slide .check{font-size:.75em}
    .notes{display:none}
    body.show-notes .notes{display:block;border-top:1px dashed var(--border);margin-top:1.5em;padding-top:.5em;font-size:.75em;color:var(--muted)}
    .deck-nav{position:fixed;right:1rem;bottom:.6rem;display:flex;gap:.6rem;align-items:center;font:14px var(--sans);color:var(--muted)}
    .deck-nav button{font:inherit;background:var(--faint);color:var(--fg);border:1px solid var(--border);border-radius:4px;padding:.15rem .6rem;cursor:pointer}
    @page{size:1280px 720px;margin:0;@bottom-right{content:none}}
    @media print{body.deck-body{overflow:visible}.slide,.slide[hidden]{display:block;width:1280px;height:720px;overflow:hidden;break-after:page;font-size:20px}.deck-nav,.notes,body.show-notes .notes{display:none}.slide figure svg{max-height:430px}}
    """

  /// Moves through the deck: keys, clicks and the buttons; keeps `#n` in the address.
  static let slideScript = """
    (function(){var s=[].slice.call(document.querySelectorAll(".slide")),i=0,\
    c=document.querySelector(".counter");function show(n){i=Math.max(0,Math.min(s.length-1,n));\
    s.forEach(function(e,k){e.hidden=k!==i});c.textContent=(i+1)+" / "+s.length;\
    if(location.hash!=="#"+(i+1))history.replaceState(null,"","#"+(i+1))}\
    document.addEventListener("keydown",function(e){var k=e.key;\
    if(k==="ArrowRight"||k==="ArrowDown"||k==="PageDown"||k===" "){show(i+1);e.preventDefault()}\
    else if(k==="ArrowLeft"||k==="ArrowUp"||k==="PageUp"){show(i-1);e.preventDefault()}\
    else if(k==="Home")show(0);else if(k==="End")show(s.length-1);\
    else if(k==="n"||k==="N")document.body.classList.toggle("show-notes")});\
    document.addEventListener("click",function(e){var b=e.target.closest("button[data-go]");\
    if(b){show(i+parseInt(b.getAttribute("data-go"),10));return}\
    if(e.target.closest("a,details,summary,button,pre,table"))return;\
    show(e.clientX<window.innerWidth/3?i-1:i+1)});\
    window.addEventListener("hashchange",function(){var h=parseInt(location.hash.slice(1),10);\
    if(!isNaN(h)&&h-1!==i)show(h-1)});\
    var h=parseInt(location.hash.slice(1),10);show(isNaN(h)?0:h-1)})();
    """
}

/// Cuts a lesson page into slides.
struct SlideDeckBuilder {
  /// One slide: its markup and its speaker notes.
  struct Slide: Equatable {
    var content = ""
    var notes = ""
  }

  var builder: PageBuilder
  var slides = [Slide()]

  init(page: LessonPage, math: TypesetMath = TypesetMath()) {
    builder = PageBuilder(page: page, math: math)
  }

  /// The slides, empty ones left out.
  mutating func build() -> [Slide] {
    let page = builder.page
    for block in page.lesson.blocks {
      switch block {
      case .prose(let prose):
        addProse(builder.filling(prose))
      case .code(let code):
        slides[slides.count - 1].content +=
          HTML.element(
            "pre", [:], .element("code", ["class": "language-\(code.language)"], text: code.text)
          ).markup
      case .cell(let cell):
        let output =
          page.run.cells.indices.contains(cell.index)
          ? page.run.cells[cell.index] : CellOutput(index: cell.index)
        slides[slides.count - 1].content += self.cell(cell, output: output).markup
      }
    }
    return slides.filter { !$0.content.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
  }

  /// A cell on a slide: its code with `slide: code`, then its output and errors; nothing with
  /// `slide: hide`.
  mutating func cell(_ cell: Cell, output: CellOutput) -> HTML {
    guard cell.options.slide != .hide else { return HTML() }
    var content = HTML()
    if cell.options.slide == .code {
      content += .element(
        "pre", [:],
        .element("code", ["class": "language-swift"], SyntaxHighlighter().highlight(cell.code)))
    }
    content += builder.outputBox(cell, output: output, stderr: false)
    content += builder.errorPanels(
      cell, output: output,
      diagnostics: builder.page.run.diagnostics.filter { $0.cell == cell.index })
    guard !content.markup.isEmpty else { return HTML() }
    return .element("div", ["class": "cell"], content)
  }

  /// Adds prose, starting a slide at each top-level `<h2>` and `<hr />` (dropped) and moving a
  /// top-level block quote that starts with "Notes:" into the slide's notes.
  mutating func addProse(_ markup: String) {
    var depth = 0
    var quote = ""
    for line in markup.split(separator: "\n", omittingEmptySubsequences: false) {
      let text = String(line)
      if depth == 0 && text.hasPrefix("<h2") && !slides[slides.count - 1].content.isEmpty {
        slides.append(Slide())
      }
      if depth == 0 && text == "<hr />" {
        slides.append(Slide())
        continue
      }
      let opens = text.components(separatedBy: "<blockquote>").count - 1
      let closes = text.components(separatedBy: "</blockquote>").count - 1
      if depth > 0 || opens > 0 {
        quote += text + "\n"
        depth += opens - closes
        if depth <= 0 {
          depth = 0
          addQuote(quote)
          quote = ""
        }
        continue
      }
      slides[slides.count - 1].content += text + "\n"
    }
    if !quote.isEmpty { addQuote(quote) }
  }

  /// A block quote: speaker notes when its first paragraph starts with "Notes:", else content.
  mutating func addQuote(_ quote: String) {
    for prefix in ["<blockquote>\n<p>Notes:", "<blockquote>\n<p><strong>Notes:</strong>"]
    where quote.hasPrefix(prefix) {
      var notes = String(quote.dropFirst(prefix.count))
      notes = "<p>" + notes.trimmingCharacters(in: .whitespaces)
      if let end = notes.range(of: "</blockquote>", options: .backwards) {
        notes.removeSubrange(end.lowerBound...)
      }
      slides[slides.count - 1].notes += notes
      return
    }
    slides[slides.count - 1].content += quote
  }
}
