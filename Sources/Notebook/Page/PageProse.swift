import Foundation

/// The prose of a page: inline values, formulas, heading ids, the table of contents and the
/// summary.
extension PageBuilder {
  /// cmark's HTML for `prose` with its inline values filled in, its formulas typeset (each
  /// recorded in ``formulas``) and an id on every top-level heading (`## Why it works` becomes
  /// `id="why-it-works"`, a repeated title `why-it-works-2`), each recorded in ``headings``.
  /// With `underTitle`, that markup goes right after the prose's first `<h1>`; the result says
  /// whether it did.
  mutating func prose(_ prose: Prose, underTitle: HTML? = nil) -> (html: HTML, placed: Bool) {
    var markup = ""
    var placed = false
    for block in prose.blocks {
      guard let heading = block.heading else {
        markup += filling(block.html, of: block, in: prose)
        continue
      }
      let text = Self.filling(text: heading.text, inlines: prose.inlines, values: page.run.inlines)
      let id = uniqueID(Self.slug(text))
      headings.append(
        Heading(
          level: heading.level, id: id,
          contentWithoutLinks: filling(heading.contentWithoutLinks, of: block, in: prose)))
      let level = heading.level
      markup +=
        "<h\(level) id=\"\(HTML.escape(id))\">" + filling(heading.content, of: block, in: prose)
        + "</h\(level)>\n"
      if level == 1, !placed, let underTitle {
        markup += underTitle.markup
        placed = true
      }
    }
    return (.trusted(markup), placed)
  }

  /// cmark's HTML for `prose`, block by block, with its inline values filled in and its
  /// formulas typeset (each recorded in ``formulas``).
  mutating func filling(_ prose: Prose) -> String {
    prose.blocks.map { filling($0.html, of: $0, in: prose) }.joined()
  }

  /// `markup`, some of `block`'s HTML, with each inline placeholder replaced by its escaped
  /// value (or a marked `?`) and each of the block's formulas by its typeset HTML (recorded in
  /// ``formulas``).
  mutating func filling(_ markup: String, of block: ProseBlock, in prose: Prose) -> String {
    math.typesetting(
      Self.filling(markup, inlines: prose.inlines, values: page.run.inlines),
      formulas: block.math, into: &formulas)
  }

  /// Markup with the placeholder of each of `inlines` replaced by its escaped value from
  /// `values`, or by a marked `?` when the expression was not evaluated.
  static func filling(_ markup: String, inlines: [InlineExpression], values: [String?]) -> String {
    var markup = markup
    for inline in inlines {
      let value = values.indices.contains(inline.index) ? values[inline.index] : nil
      let replacement =
        value.map { HTML.element("span", ["class": "inline-value"], text: $0) }
        ?? HTML.element(
          "span", ["class": "inline-value missing", "title": inline.expression], text: "?")
      markup = markup.replacingOccurrences(
        of: Prose.placeholder(inline.index), with: replacement.markup)
    }
    return markup
  }

  /// Plain text with the placeholder of each of `inlines` replaced by its value from `values`,
  /// or by `?` when the expression was not evaluated.
  static func filling(text: String, inlines: [InlineExpression], values: [String?]) -> String {
    var text = text
    for inline in inlines {
      let value = values.indices.contains(inline.index) ? values[inline.index] : nil
      text = text.replacingOccurrences(of: Prose.placeholder(inline.index), with: value ?? "?")
    }
    return text
  }

  /// The table of contents: the second- and third-level headings, nested; empty when there are
  /// fewer than two.
  func tableOfContents() -> HTML {
    let entries = headings.filter { $0.level == 2 || $0.level == 3 }
    guard entries.count >= 2 else { return HTML() }
    var list = ""
    var openSublist = false
    var openItem = false
    for heading in entries {
      let link = "<a href=\"#\(HTML.escape(heading.id))\">\(heading.contentWithoutLinks)</a>"
      if heading.level == 3 && openItem {
        if !openSublist {
          list += "<ol>"
          openSublist = true
        }
        list += "<li>" + link + "</li>"
        continue
      }
      if openSublist {
        list += "</ol>"
        openSublist = false
      }
      if openItem { list += "</li>" }
      list += "<li>" + link
      openItem = true
    }
    if openSublist { list += "</ol>" }
    if openItem { list += "</li>" }
    return .element(
      "nav", ["class": "toc", "aria-label": "Contents"],
      .element("p", ["class": "toc-title"], text: "Contents")
        + .element("ol", [:], .trusted(list)))
  }

  /// The inner HTML of the lesson's first paragraph, links replaced by their text and inline
  /// values filled in: the summary the course index shows, with the formulas it can hold (those
  /// of its prose, which the index typesets). A paragraph that ends in a colon announces what
  /// follows, so the next paragraph of the same prose block is added (in quotation marks when it
  /// is quoted). Empty when the lesson has no paragraph.
  static func summary(of page: LessonPage) -> (html: String, math: [MathSpan]) {
    for case .prose(let prose) in page.lesson.blocks {
      guard let first = prose.opening.first else { continue }
      var summary = filling(
        first.contentWithoutLinks, inlines: prose.inlines, values: page.run.inlines)
      if first.endsWithColon, prose.opening.count > 1 {
        let next = prose.opening[1]
        let following = filling(
          next.contentWithoutLinks, inlines: prose.inlines, values: page.run.inlines)
        summary += next.quoted ? " \u{201C}\(following)\u{201D}" : " " + following
      }
      return (summary, prose.math)
    }
    return ("", [])
  }

  /// A heading's id: lowercase letters and digits, other runs of characters become one `-`.
  static func slug(_ text: String) -> String {
    var slug = ""
    for character in text.lowercased() {
      if character.isLetter || character.isNumber {
        slug.append(character)
      } else if !slug.isEmpty && !slug.hasSuffix("-") {
        slug.append("-")
      }
    }
    while slug.hasSuffix("-") { slug.removeLast() }
    return slug.isEmpty ? "section" : slug
  }
}
