/// Renders lesson pages and the course index as HTML.
///
/// Formulas are typeset before the page is written (``math``, from one KaTeX run per render), so
/// a page carries KaTeX's HTML and stylesheet and no script: the prose renderer puts each
/// formula's typeset HTML where its prose has it and records the formula, and the rendered page
/// (``RenderedPage``) reports the formulas typeset on it and the KaTeX fonts they use, from
/// which its head and the site's shared fonts are chosen. In a course site (``Assets/site``)
/// a page links the shared stylesheets under `assets/`; a self-contained page (``Assets/inline``)
/// holds its stylesheets and KaTeX's fonts as `data:` URIs and loads nothing else, so it works
/// when mailed alone. Either way it works from `file://`. Every piece of text from a lesson run
/// is escaped through ``HTML``; only cmark's prose HTML, the highlighter's markup, KaTeX's HTML
/// and the plot renderer's SVG are inserted as trusted markup. The output depends only on the
/// page, the site, the typeset formulas and the KaTeX files: the same input gives the same bytes.
public struct HTMLRenderer: Sendable {
  /// How a page gets its stylesheets and fonts.
  public enum Assets: Equatable, Sendable {
    /// Inside the page: stylesheets in `<style>`, fonts as `data:` URIs.
    case inline
    /// Linked from the course site's `assets/` directory (``SiteAssets``).
    case site
  }

  /// KaTeX's stylesheet and fonts for pages with math; without it, math is shown as its TeX
  /// source.
  public var katex: KaTeX?
  /// The formulas typeset for this render.
  public var math: TypesetMath
  /// How pages get their stylesheets.
  public var assets: Assets

  /// Creates a renderer; by default it uses the KaTeX installed by Debian's `katex` and writes
  /// self-contained pages.
  public init(
    katex: KaTeX? = KaTeX.installed, math: TypesetMath = TypesetMath(), assets: Assets = .inline
  ) {
    self.katex = katex
    self.math = math
    self.assets = assets
  }

  /// Renders one lesson page; `site` gives the table of lessons for previous/next links.
  public func render(_ page: LessonPage, site: Site = Site()) -> String {
    renderedPage(page, site: site).html
  }

  /// Renders one lesson page with what it needs beside its HTML (KaTeX's stylesheet and
  /// fonts); `site` gives the table of lessons for previous/next links.
  public func renderedPage(_ page: LessonPage, site: Site = Site()) -> RenderedPage {
    var builder = PageBuilder(page: page, math: math)
    let body = builder.body(site: site)
    return framed(title: page.lesson.title, body: body, formulas: builder.formulas)
  }

  /// Whether `page` has math: prose is the only part of a page that can hold math (its table of
  /// contents repeats prose headings; the rest is escaped text, highlighted code and SVG).
  public func hasMath(_ page: LessonPage) -> Bool {
    page.lesson.blocks.contains { block in
      if case .prose(let prose) = block { return prose.hasMath }
      return false
    }
  }

  /// The page's frame (``framed(title:body:formulas:extraStyle:bodyClass:)``) as HTML.
  func document(
    title: String, body: HTML, formulas: Set<Formula> = [], extraStyle: String = "",
    bodyClass: String? = nil
  ) -> String {
    framed(
      title: title, body: body, formulas: formulas, extraStyle: extraStyle, bodyClass: bodyClass
    ).html
  }

  /// The page's frame: doctype, head with the stylesheets and the body, whose prose put in
  /// `formulas` (typeset from ``math``). KaTeX's stylesheet, with the fonts of those formulas,
  /// is linked or inlined when KaTeX typeset one of them.
  func framed(
    title: String, body: HTML, formulas: Set<Formula>, extraStyle: String = "",
    bodyClass: String? = nil
  ) -> RenderedPage {
    let needs = math.needs(of: formulas)
    let typeset = !needs.typeset.isEmpty
    var head =
      HTML.void("meta", ["charset": "utf-8"])
      + .void("meta", ["name": "viewport", "content": "width=device-width, initial-scale=1"])
      + .void("meta", ["name": "generator", "content": "Ticketbook"])
      + .element("title", [:], text: title)
    switch assets {
    case .site:
      head += .void("link", ["rel": "stylesheet", "href": SiteAssets.stylesheet])
      if !extraStyle.isEmpty { head += .element("style", [:], .trusted(extraStyle)) }
      if typeset, katex != nil {
        head += .void("link", ["rel": "stylesheet", "href": SiteAssets.katexStylesheet])
      }
    case .inline:
      head += .element("style", [:], .trusted(Stylesheet.css + extraStyle))
      if typeset, let katex,
        let css = try? katex.stylesheet(fonts: needs.fonts, fontURL: katex.dataURI)
      {
        head += .element("style", ["id": "katex-css"], .trusted(css))
      }
    }
    let page = HTML.element(
      "html", ["lang": "en"],
      .element("head", [:], head)
        + (bodyClass.map { HTML.element("body", ["class": $0], body) }
          ?? .element("body", [:], body)))
    return RenderedPage(
      html: "<!DOCTYPE html>\n" + page.markup + "\n", formulas: needs.typeset, fonts: needs.fonts)
  }
}
