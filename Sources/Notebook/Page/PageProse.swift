import Foundation

/// The prose of a page: inline values, heading ids, the table of contents and the summary.
extension PageBuilder {
  /// cmark's HTML for `prose` with its inline values filled in and an id on every heading.
  mutating func prose(_ prose: Prose) -> HTML {
    let markup = Self.fillingInlineValues(prose, inlines: page.run.inlines)
    return .trusted(addingHeadingIDs(markup))
  }

  /// cmark's HTML with each inline placeholder replaced by its escaped value, or by a marked `?`
  /// when the expression was not evaluated.
  static func fillingInlineValues(_ prose: Prose, inlines: [String?]) -> String {
    var markup = prose.html
    for inline in prose.inlines {
      let value = inlines.indices.contains(inline.index) ? inlines[inline.index] : nil
      let replacement =
        value.map { HTML.element("span", ["class": "inline-value"], text: $0) }
        ?? HTML.element(
          "span", ["class": "inline-value missing", "title": inline.expression], text: "?")
      markup = markup.replacingOccurrences(
        of: Prose.placeholder(inline.index), with: replacement.markup)
    }
    return markup
  }

  /// Gives every `<hN>` cmark wrote an id made from its text (`## Why it works` becomes
  /// `id="why-it-works"`, a repeated title `why-it-works-2`), and records it in ``headings``.
  mutating func addingHeadingIDs(_ markup: String) -> String {
    var result = ""
    var rest = Substring(markup)
    while let open = rest.range(of: "<h") {
      let afterH = open.upperBound
      guard afterH < rest.endIndex, let level = rest[afterH].wholeNumberValue,
        (1...6).contains(level),
        rest[rest.index(after: afterH)...].hasPrefix(">")
      else {
        result += rest[..<afterH]
        rest = rest[afterH...]
        continue
      }
      let contentStart = rest.index(afterH, offsetBy: 2)
      guard let close = rest[contentStart...].range(of: "</h\(level)>") else { break }
      let content = String(rest[contentStart..<close.lowerBound])
      let id = uniqueID(Self.slug(Self.plainText(content)))
      headings.append(Heading(level: level, id: id, content: content))
      result += rest[..<open.lowerBound]
      result += "<h\(level) id=\"\(HTML.escape(id))\">" + content + "</h\(level)>"
      rest = rest[close.upperBound...]
    }
    return result + rest
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
      let link =
        "<a href=\"#\(HTML.escape(heading.id))\">\(Self.withoutLinks(heading.content))</a>"
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

  /// The inner HTML of the lesson's first paragraph, inline values filled in: the summary the
  /// course index shows. A paragraph that ends in a colon announces what follows, so the next
  /// paragraph of the same prose block is added (in quotation marks when it is quoted). Empty
  /// when the lesson has no paragraph.
  static func summary(of page: LessonPage) -> String {
    for block in page.lesson.blocks {
      guard case .prose(let prose) = block else { continue }
      let markup = fillingInlineValues(prose, inlines: page.run.inlines)
      guard let open = markup.range(of: "<p>"),
        let close = markup[open.upperBound...].range(of: "</p>")
      else { continue }
      var summary = String(markup[open.upperBound..<close.lowerBound])
      if summary.hasSuffix(":"), let next = markup[close.upperBound...].range(of: "<p>"),
        let end = markup[next.upperBound...].range(of: "</p>")
      {
        let between = markup[close.upperBound..<next.lowerBound]
        let following = String(markup[next.upperBound..<end.lowerBound])
        summary +=
          between.contains("<blockquote>") ? " \u{201C}\(following)\u{201D}" : " " + following
      }
      return withoutLinks(summary)
    }
    return ""
  }

  /// The text of some HTML: tags dropped, the five escapes cmark writes decoded.
  static func plainText(_ markup: String) -> String {
    var text = ""
    var insideTag = false
    for character in markup {
      switch character {
      case "<": insideTag = true
      case ">": insideTag = false
      default: if !insideTag { text.append(character) }
      }
    }
    return
      text
      .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
      .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
      .replacingOccurrences(of: "&amp;", with: "&")
  }

  /// Markup with its `<a …>` and `</a>` tags removed (a link inside a link is not allowed).
  static func withoutLinks(_ markup: String) -> String {
    guard markup.contains("<a ") else { return markup }
    var result = ""
    var rest = Substring(markup)
    while let open = rest.range(of: "<a ") {
      result += rest[..<open.lowerBound]
      guard let end = rest[open.upperBound...].firstIndex(of: ">") else {
        rest = rest[open.upperBound...]
        break
      }
      rest = rest[rest.index(after: end)...]
    }
    return (result + rest).replacingOccurrences(of: "</a>", with: "")
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
