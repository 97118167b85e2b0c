import CCmark
import Foundation

/// Parses a lesson's Markdown with cmark into a ``Lesson``.
///
/// This is the only file that sees cmark's C API: nodes become Swift values at once. Top-level
/// fenced blocks whose info string is `swift` are cells; other fenced blocks are shown, not
/// run; everything else is prose, rendered to HTML by cmark with `CMARK_OPT_DEFAULT` (raw HTML in
/// prose is replaced by a comment, never passed through), its pipe tables by ``PipeTables``.
/// What a page needs of the prose is read from the tree, block by block (``ProseBlock``): each
/// top-level heading's level, content and plain text, the first paragraphs for the summary,
/// link-free copies of both, and the formulas each block holds.
/// Inline code spans that start with `{swift}` become ``InlineExpression``s, in table cells too.
public struct LessonParser: Sendable {
  /// Creates a parser.
  public init() {}

  /// Reads and parses the lesson at `path`.
  ///
  /// - Throws: ``LessonError`` when the file is missing, unreadable or not UTF-8, or when a cell
  ///   has an unknown or malformed option.
  public func parse(path: String) throws(LessonError) -> Lesson {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw LessonError(file: path, message: "no such lesson file")
    }
    guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: path) else {
      throw LessonError(file: path, message: "cannot read the lesson (is it a directory?)")
    }
    return try parse(data, path: path)
  }

  /// Parses lesson text; `path` names it in the lesson and in errors.
  public func parse(_ data: Data, path: String) throws(LessonError) -> Lesson {
    guard let text = String(validating: data, as: UTF8.self) else {
      throw LessonError(
        file: path, line: Self.firstInvalidLine(data), message: "the lesson is not valid UTF-8")
    }
    return try parse(text, path: path)
  }

  /// Parses lesson text; `path` names it in the lesson and in errors.
  public func parse(_ text: String, path: String) throws(LessonError) -> Lesson {
    let frontMatter = try FrontMatter(text: text, path: path)
    let text = frontMatter.text
    let sourceLines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
      $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
    }
    // Math, then pipe tables, are taken out before cmark reads the prose (see MathExtraction and
    // PipeTables) and put back after.
    let blocks = Self.blockLines(of: text)
    let math = MathExtraction(markdown: text, codeLines: blocks.code)
    let tables = PipeTables(markdown: math.text, blocks: blocks.paragraphs)
    let bytes = Array(tables.text.utf8)
    guard let document = cmark_parse_document(bytes.map { CChar(bitPattern: $0) }, bytes.count, 0)
    else {
      throw LessonError(file: path, message: "cmark could not parse the lesson")
    }
    defer { cmark_node_free(document) }

    var builder = Builder(path: path, sourceLines: sourceLines, math: math, tables: tables)
    builder.codeFold = frontMatter.codeFold
    var node = cmark_node_first_child(document)
    while let current = node {
      node = cmark_node_next(current)
      try builder.add(current)
    }
    builder.flushProse()
    let lesson = Lesson(
      path: path, title: builder.title.map(math.restorePlain) ?? Lesson.name(ofPath: path),
      blocks: builder.blocks)
    try lesson.validateExercises()
    return lesson
  }

  /// Where the pre-passes look, from one cmark parse of the raw text: `code`, the 1-based lines of
  /// every code block and HTML block, where a `$` is never math; `paragraphs`, the lines of every
  /// top-level paragraph and setext heading (underline included; cmark often ends a setext
  /// heading on the line after it), where a pipe table can be.
  /// Nothing when the text has no `$` and no `|`.
  static func blockLines(of text: String) -> (code: Set<Int>, paragraphs: [ClosedRange<Int>]) {
    guard text.utf8.contains(where: { $0 == UInt8(ascii: "$") || $0 == UInt8(ascii: "|") })
    else { return ([], []) }
    let bytes = Array(text.utf8)
    guard let document = cmark_parse_document(bytes.map { CChar(bitPattern: $0) }, bytes.count, 0),
      let iterator = cmark_iter_new(document)
    else { return ([], []) }
    defer {
      cmark_iter_free(iterator)
      cmark_node_free(document)
    }
    var code: Set<Int> = []
    var paragraphs: [ClosedRange<Int>] = []
    while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
      guard let node = cmark_iter_get_node(iterator),
        cmark_iter_get_event_type(iterator) == CMARK_EVENT_ENTER
      else { continue }
      let type = cmark_node_get_type(node)
      let start = Int(cmark_node_get_start_line(node))
      let lines = start...max(start, Int(cmark_node_get_end_line(node)))
      if type == CMARK_NODE_CODE_BLOCK || type == CMARK_NODE_HTML_BLOCK {
        code.formUnion(lines)
      } else if cmark_node_parent(node) == document,
        type == CMARK_NODE_PARAGRAPH || (type == CMARK_NODE_HEADING && lines.count > 1)
      {
        paragraphs.append(lines)
      }
    }
    return (code, paragraphs)
  }

  /// The 1-based line holding the first byte sequence that is not UTF-8.
  static func firstInvalidLine(_ data: Data) -> Int {
    for (number, line) in data.split(separator: 0x0A, omittingEmptySubsequences: false)
      .enumerated()
    where String(validating: line, as: UTF8.self) == nil {
      return number + 1
    }
    return 0
  }
}

/// The first two paragraphs of a prose run that cmark writes as `<p>` elements (the items of
/// a tight list have none), found while walking the run's top-level nodes in order. A paragraph
/// holding a pipe table is left out: the table splits it.
private struct Opening {
  /// The paragraphs found so far.
  var found: [ProseParagraph] = []
  /// Whether a block quote began after the last paragraph found.
  var quoteSinceLast = false

  var isComplete: Bool { found.count >= 2 }

  /// The paragraphs inside `node` (itself included) that complete the two, with what the summary
  /// reads from the tree: whether each ends in a colon (its last inline is text ending so) and
  /// whether a block quote began before it.
  mutating func paragraphs(in node: OpaquePointer)
    -> [(node: OpaquePointer, endsWithColon: Bool, quoted: Bool)]
  {
    var result: [(node: OpaquePointer, endsWithColon: Bool, quoted: Bool)] = []
    guard let iterator = cmark_iter_new(node) else { return result }
    defer { cmark_iter_free(iterator) }
    while found.count + result.count < 2, cmark_iter_next(iterator) != CMARK_EVENT_DONE {
      guard let current = cmark_iter_get_node(iterator),
        cmark_iter_get_event_type(iterator) == CMARK_EVENT_ENTER
      else { continue }
      let type = cmark_node_get_type(current)
      if type == CMARK_NODE_BLOCK_QUOTE { quoteSinceLast = true }
      guard type == CMARK_NODE_PARAGRAPH, !Self.isInTightList(current), !Self.holdsTable(current)
      else { continue }
      var endsWithColon = false
      if let last = cmark_node_last_child(current), cmark_node_get_type(last) == CMARK_NODE_TEXT,
        let literal = cmark_node_get_literal(last)
      {
        endsWithColon = String(cString: literal).hasSuffix(":")
      }
      result.append((current, endsWithColon, quoteSinceLast))
      quoteSinceLast = false
    }
    return result
  }

  /// Whether a paragraph is an item's in a tight list, which cmark writes without `<p>`.
  static func isInTightList(_ paragraph: OpaquePointer) -> Bool {
    guard let item = cmark_node_parent(paragraph), cmark_node_get_type(item) == CMARK_NODE_ITEM,
      let list = cmark_node_parent(item)
    else { return false }
    return cmark_node_get_list_tight(list) != 0
  }

  /// Whether a paragraph holds a pipe table's placeholder.
  static func holdsTable(_ paragraph: OpaquePointer) -> Bool {
    var child = cmark_node_first_child(paragraph)
    while let current = child {
      child = cmark_node_next(current)
      guard cmark_node_get_type(current) == CMARK_NODE_TEXT,
        let literal = cmark_node_get_literal(current)
      else { continue }
      if String(cString: literal).unicodeScalars.contains(PipeTables.start) { return true }
    }
    return false
  }
}

/// Accumulates blocks while walking the document's top-level nodes.
private struct Builder {
  let path: String
  let sourceLines: [String]
  /// The math taken out of the text before parsing, put back into each prose block's HTML.
  let math: MathExtraction
  /// The pipe tables taken out of the text before parsing, put back the same way.
  let tables: PipeTables
  var blocks: [Block] = []
  var title: String?
  var cellCount = 0
  var inlineCount = 0
  /// The front matter's `code-fold`: cells fold unless they say `fold: false`.
  var codeFold = false
  /// The prose nodes not yet turned into a ``Prose`` block.
  var pendingProse: [OpaquePointer] = []

  init(path: String, sourceLines: [String], math: MathExtraction, tables: PipeTables) {
    self.path = path
    self.sourceLines = sourceLines
    self.math = math
    self.tables = tables
  }

  mutating func add(_ node: OpaquePointer) throws(LessonError) {
    if title == nil { title = firstHeading(in: node) }
    guard cmark_node_get_type(node) == CMARK_NODE_CODE_BLOCK, isFenced(node) else {
      pendingProse.append(node)
      return
    }
    flushProse()
    let info = string(cmark_node_get_fence_info(node)).trimmingCharacters(in: .whitespaces)
    let language = info.split(separator: " ").first.map { String($0).lowercased() } ?? ""
    let fenceLine = Int(cmark_node_get_start_line(node))
    var lines = string(cmark_node_get_literal(node)).components(separatedBy: "\n")
    if lines.last == "" { lines.removeLast() }
    if language == "swift" {
      blocks.append(.cell(try cell(lines: lines, fenceLine: fenceLine)))
    } else {
      blocks.append(
        .code(CodeBlock(language: language, text: lines.joined(separator: "\n"), line: fenceLine)))
    }
  }

  /// Turns the pending prose nodes into one ``Prose`` block.
  mutating func flushProse() {
    guard let first = pendingProse.first, let last = pendingProse.last else { return }
    var proseBlocks: [ProseBlock] = []
    var opening = Opening()
    var inlines: [InlineExpression] = []
    let start = Int(cmark_node_get_start_line(first))
    let end = max(start, Int(cmark_node_get_end_line(last)))
    var searchFrom = (line: start, column: 0)
    let tables = self.tables
    for node in pendingProse {
      takeInlineExpressions(in: node, into: &inlines, from: &searchFrom, through: end)
      // A table's cells are inline Markdown: cmark renders each as a paragraph of its own.
      let markup = tables.restore(html: render(node)) { cell in
        renderParagraph(cell, into: &inlines, from: &searchFrom, through: end)
      }
      var block = ProseBlock(html: math.restore(html: markup), math: math.spans(in: markup))
      let heading = cmark_node_get_type(node) == CMARK_NODE_HEADING ? headingParts(node) : nil
      let paragraphs = opening.isComplete ? [] : opening.paragraphs(in: node)
      // Everything that needs the links is read; the link-free content is rendered after.
      unwrapLinks(in: node)
      if let heading {
        block.heading = ProseHeading(
          level: heading.level, content: heading.content,
          contentWithoutLinks: math.restore(html: content(of: node)), text: heading.text)
      }
      for paragraph in paragraphs {
        opening.found.append(
          ProseParagraph(
            contentWithoutLinks: math.restore(html: content(of: paragraph.node)),
            endsWithColon: paragraph.endsWithColon, quoted: paragraph.quoted))
      }
      proseBlocks.append(block)
    }
    blocks.append(
      .prose(
        Prose(lines: start...end, blocks: proseBlocks, opening: opening.found, inlines: inlines)))
    pendingProse.removeAll()
  }

  /// cmark's HTML for `node`.
  func render(_ node: OpaquePointer) -> String {
    guard let rendered = cmark_render_html(node, CMARK_OPT_DEFAULT) else { return "" }
    defer { free(rendered) }
    return String(cString: rendered)
  }

  /// cmark's HTML for the inline content of a heading or paragraph, without its element: cmark
  /// writes a heading as `<hN>content</hN>` and a paragraph as `<p>content</p>`, each with a
  /// line break after.
  func content(of node: OpaquePointer) -> String {
    let element =
      cmark_node_get_type(node) == CMARK_NODE_HEADING
      ? "h\(cmark_node_get_heading_level(node))" : "p"
    var markup = Substring(render(node))
    if markup.hasPrefix("<\(element)>") { markup = markup.dropFirst(element.count + 2) }
    if markup.hasSuffix("</\(element)>\n") { markup = markup.dropLast(element.count + 4) }
    return String(markup)
  }

  /// A heading's level, content (math put back) and plain text: its text, code, line breaks and
  /// formulas (as their TeX); images, whose text is an attribute, and raw HTML, which is never
  /// shown, add nothing.
  func headingParts(_ node: OpaquePointer) -> (level: Int, content: String, text: String) {
    var text = ""
    var skipping: OpaquePointer?
    if let iterator = cmark_iter_new(node) {
      defer { cmark_iter_free(iterator) }
      while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
        guard let current = cmark_iter_get_node(iterator) else { continue }
        let type = cmark_node_get_type(current)
        if let image = skipping {
          if current == image && event == CMARK_EVENT_EXIT { skipping = nil }
          continue
        }
        guard event == CMARK_EVENT_ENTER else { continue }
        if type == CMARK_NODE_IMAGE {
          skipping = current
        } else if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE {
          text += string(cmark_node_get_literal(current))
        } else if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
          text += "\n"
        }
      }
    }
    return (
      Int(cmark_node_get_heading_level(node)), math.restore(html: content(of: node)),
      math.restoreTeX(text)
    )
  }

  /// Replaces every link inside `node` by the link's children.
  func unwrapLinks(in node: OpaquePointer) {
    var links: [OpaquePointer] = []
    if let iterator = cmark_iter_new(node) {
      defer { cmark_iter_free(iterator) }
      while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
        guard let current = cmark_iter_get_node(iterator),
          cmark_iter_get_event_type(iterator) == CMARK_EVENT_ENTER,
          cmark_node_get_type(current) == CMARK_NODE_LINK
        else { continue }
        links.append(current)
      }
    }
    for link in links {
      while let child = cmark_node_first_child(link) {
        cmark_node_insert_before(link, child)
      }
      cmark_node_unlink(link)
      cmark_node_free(link)
    }
  }

  /// Replaces each `{swift}` code span inside `node` by its placeholder and adds it to `inlines`,
  /// located in the source from `position` on.
  mutating func takeInlineExpressions(
    in node: OpaquePointer, into inlines: inout [InlineExpression],
    from position: inout (line: Int, column: Int), through end: Int
  ) {
    for code in inlineExpressionNodes(in: node) {
      let literal = string(cmark_node_get_literal(code))
      let expression = String(literal.dropFirst("{swift}".count))
        .trimmingCharacters(in: .whitespaces)
      let location = locate(expression, from: &position, through: end)
      let index = inlineCount
      inlineCount += 1
      inlines.append(
        InlineExpression(
          index: index, expression: expression, line: location.line, column: location.column))
      if let text = cmark_node_new(CMARK_NODE_TEXT) {
        cmark_node_set_literal(text, Prose.placeholder(index))
        cmark_node_replace(code, text)
        cmark_node_free(code)
      }
    }
  }

  /// cmark's HTML for a piece of Markdown parsed on its own (a table cell), its `{swift}` code
  /// spans taken as inline expressions like the prose's.
  mutating func renderParagraph(
    _ markdown: String, into inlines: inout [InlineExpression],
    from position: inout (line: Int, column: Int), through end: Int
  ) -> String {
    let bytes = Array(markdown.utf8)
    guard let document = cmark_parse_document(bytes.map { CChar(bitPattern: $0) }, bytes.count, 0)
    else { return "" }
    defer { cmark_node_free(document) }
    takeInlineExpressions(in: document, into: &inlines, from: &position, through: end)
    guard let rendered = cmark_render_html(document, CMARK_OPT_DEFAULT) else { return "" }
    defer { free(rendered) }
    return String(cString: rendered)
  }

  /// Builds a cell from its code lines, reading the `//|` options at its top.
  mutating func cell(lines: [String], fenceLine: Int) throws(LessonError) -> Cell {
    var options = CellOptions()
    var seen: Set<String> = []
    var optionCount = 0
    for (offset, line) in lines.enumerated() {
      let trimmed = line.drop { $0 == " " || $0 == "\t" }
      guard trimmed.hasPrefix("//|") else { break }
      optionCount += 1
      let lineNumber = fenceLine + 1 + offset
      let raw = lineNumber - 1 < sourceLines.count ? sourceLines[lineNumber - 1] : line
      try CellOptionParser(file: path, line: lineNumber, source: raw)
        .apply(to: &options, seen: &seen)
    }
    if codeFold && !seen.contains("fold") { options.fold = true }
    let index = cellCount
    cellCount += 1
    let code = Array(lines.dropFirst(optionCount))
    let numbers = code.indices.map { fenceLine + 1 + optionCount + $0 }
    return Cell(
      index: index, options: options, lines: code, lineNumbers: numbers, fenceLine: fenceLine)
  }

  /// Finds where `expression` is written, searching forward from the previous inline's place.
  ///
  /// cmark keeps no source positions for inline nodes, so the `{swift}` marker is looked up in
  /// the source lines; columns count UTF-8 bytes from 1, as the Swift compiler's do.
  func locate(_ expression: String, from position: inout (line: Int, column: Int), through end: Int)
    -> (line: Int, column: Int)
  {
    var line = position.line
    var column = position.column
    while line <= min(end, sourceLines.count) {
      let text = Array(sourceLines[line - 1].utf8)
      let marker = Array("{swift}".utf8)
      if column + marker.count <= text.count {
        for start in column...(text.count - marker.count)
        where Array(text[start..<start + marker.count]) == marker {
          var expressionStart = start + marker.count
          while expressionStart < text.count && text[expressionStart] == UInt8(ascii: " ") {
            expressionStart += 1
          }
          position = (line, expressionStart)
          return (line, expressionStart + 1)
        }
      }
      line += 1
      column = 0
    }
    return (position.line, 0)
  }

  /// The `{swift}` code spans inside `node`, collected before any is replaced.
  func inlineExpressionNodes(in node: OpaquePointer) -> [OpaquePointer] {
    var found: [OpaquePointer] = []
    guard let iterator = cmark_iter_new(node) else { return found }
    defer { cmark_iter_free(iterator) }
    while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
      guard let current = cmark_iter_get_node(iterator),
        cmark_iter_get_event_type(iterator) == CMARK_EVENT_ENTER,
        cmark_node_get_type(current) == CMARK_NODE_CODE,
        string(cmark_node_get_literal(current)).hasPrefix("{swift}")
      else { continue }
      found.append(current)
    }
    return found
  }

  /// The plain text of `node` if it is a heading.
  func firstHeading(in node: OpaquePointer) -> String? {
    guard cmark_node_get_type(node) == CMARK_NODE_HEADING else { return nil }
    var text = ""
    guard let iterator = cmark_iter_new(node) else { return nil }
    defer { cmark_iter_free(iterator) }
    while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
      guard let current = cmark_iter_get_node(iterator),
        cmark_iter_get_event_type(iterator) == CMARK_EVENT_ENTER
      else { continue }
      let type = cmark_node_get_type(current)
      if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE || type == CMARK_NODE_HTML_INLINE {
        text += string(cmark_node_get_literal(current))
      } else if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
        text += " "
      }
    }
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    return trimmed.isEmpty ? nil : trimmed
  }

  /// Whether a code block is fenced (indented code blocks are prose); read from its first
  /// source line, as this cmark version has no accessor for it.
  func isFenced(_ node: OpaquePointer) -> Bool {
    let line = Int(cmark_node_get_start_line(node))
    guard line >= 1, line <= sourceLines.count else { return false }
    let text = sourceLines[line - 1].drop { $0 == " " }
    return text.hasPrefix("```") || text.hasPrefix("~~~")
  }

  func string(_ pointer: UnsafePointer<CChar>?) -> String {
    pointer.map { String(cString: $0) } ?? ""
  }
}
