/// Renders lesson pages and the course index as self-contained HTML.
///
/// A page holds its stylesheet, its figures as inline SVG and, when its prose has math, KaTeX
/// (script, stylesheet and fonts as `data:` URIs); it loads nothing else, so it works from
/// `file://` and when mailed alone. Every piece of text from a lesson run is escaped through
/// ``HTML``; only cmark's prose HTML, the highlighter's markup and the plot renderer's SVG are
/// inserted as trusted markup. The output depends only on the page, the site and the KaTeX
/// files: the same input gives the same bytes.
public struct HTMLRenderer: Sendable {
  /// KaTeX for pages with math; without it, math is shown as its TeX source.
  public var katex: KaTeX?

  /// Creates a renderer; by default it uses the KaTeX installed by `libjs-katex`.
  public init(katex: KaTeX? = KaTeX.installed) {
    self.katex = katex
  }

  /// Renders one lesson page; `site` gives the table of lessons for previous/next links.
  public func render(_ page: LessonPage, site: Site = Site()) -> String {
    var builder = PageBuilder(page: page)
    let body = builder.body(site: site)
    return document(title: page.lesson.title, body: body, needs: needs(page))
  }

  /// What `page` needs besides its own markup: KaTeX when its prose has math. Prose is the only
  /// part of a page that can hold math (its table of contents repeats prose headings; the rest
  /// is escaped text, highlighted code and SVG).
  public func needs(_ page: LessonPage) -> PageNeeds {
    let math = page.lesson.blocks.contains { block in
      if case .prose(let prose) = block { return prose.hasMath }
      return false
    }
    return PageNeeds(math: math)
  }

  /// What the course index needs besides its own markup: KaTeX when a lesson's summary, taken
  /// from its prose, has math.
  func needs(index site: Site) -> PageNeeds {
    PageNeeds(math: site.entries.contains { MathExtraction.hasMath($0.summary) })
  }

  /// The page's frame: doctype, head with the inline stylesheet, the body, and, when the page
  /// `needs` math, KaTeX with its typesetting script at the end.
  func document(title: String, body: HTML, needs: PageNeeds) -> String {
    var head =
      HTML.void("meta", ["charset": "utf-8"])
      + .void("meta", ["name": "viewport", "content": "width=device-width, initial-scale=1"])
      + .void("meta", ["name": "generator", "content": "Ticketbook"])
      + .element("title", [:], text: title) + .element("style", [:], .trusted(Stylesheet.css))
    var scripts = HTML()
    if needs.math, let katex {
      head += .element("style", ["id": "katex-css"], .trusted(katex.stylesheet))
      scripts =
        .element("script", ["id": "katex-js"], .trusted(katex.script))
        + .element("script", ["id": "katex-typeset"], .trusted(KaTeX.typesetScript))
    }
    let page = HTML.element(
      "html", ["lang": "en"],
      .element("head", [:], head) + .element("body", [:], body + scripts))
    return "<!DOCTYPE html>\n" + page.markup + "\n"
  }
}
