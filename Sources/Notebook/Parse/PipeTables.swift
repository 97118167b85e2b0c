/// The GitHub-style pipe tables of a lesson's prose, taken out before cmark parses it and put
/// back, as `<table>` HTML, after.
///
/// Debian's cmark has no table extension, so each table is replaced by a placeholder of
/// private-use characters that cmark passes through as text: one line of placeholder for every
/// line of the table, so every later line keeps its number. ``restore(html:renderParagraph:)``
/// replaces the placeholder by the table, each cell's inline Markdown rendered by cmark.
///
/// The rules are GFM's "Tables (extension)": a header row, a delimiter row whose cells are `---`,
/// `:---`, `---:` or `:---:` (left, right, centre), then body rows up to a blank line or the start
/// of another block; leading and trailing pipes are optional; the header and the delimiter row
/// have the same number of cells or there is no table; a short body row is padded with empty
/// cells and a long one cut; `\|` is a pipe inside a cell. One difference, on purpose: a pipe
/// inside a code span does not split a cell, so `` `a | b` `` is one cell.
///
/// Tables are looked for only in the blocks it is given: the lesson's top-level paragraphs and
/// setext headings as cmark parses the raw text (a table is a paragraph to a parser without
/// tables; cmark reads a `---` or `===` right under its last row as a heading underline). So no
/// table is found in a code block, a cell, a list or a block quote. Run it on the text with math
/// already taken out (``MathExtraction``), so that a pipe inside `$…$` splits nothing and math in
/// a cell comes back with the rest of the page's math.
struct PipeTables: Equatable {
  /// One table, its cells as Markdown.
  struct Table: Equatable {
    /// How a column's cells are aligned, from the colons of the delimiter row.
    enum Alignment: Equatable {
      case unspecified, left, center, right
    }

    /// One alignment per column.
    var alignments: [Alignment]
    /// The header cells, one per column.
    var header: [String]
    /// The body rows, each padded or cut to one cell per column.
    var rows: [[String]]
    /// Whether a thematic break (`---` right under the last row) follows the table.
    var breakAfter = false
  }

  /// The Markdown with every table replaced by its placeholder.
  var text: String
  /// The tables, by placeholder number.
  var tables: [Table]

  static let start: Unicode.Scalar = "\u{E006}"
  static let end: Unicode.Scalar = "\u{E007}"
  static let lineFiller: Unicode.Scalar = "\u{E008}"
  /// Put with a space in front of a cell's Markdown so that cmark reads it as the inside of a
  /// line (`# x`, `- x`, `1. x` and `> x` start no block there).
  static let cellGuard: Unicode.Scalar = "\u{E009}"

  /// Finds the tables in `markdown` inside `blocks`: the 1-based line ranges of the top-level
  /// paragraphs and setext headings (underline included) cmark found in it.
  init(markdown: String, blocks: [ClosedRange<Int>]) {
    var lines = markdown.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
      .map(String.init)
    var tables: [Table] = []
    for block in blocks.sorted(by: { $0.lowerBound < $1.lowerBound }) {
      var last = min(block.upperBound, lines.count)
      guard block.lowerBound >= 1, last > block.lowerBound else { continue }
      // A setext heading ends at its underline (cmark's end line for one is often the line
      // after); under a table, the underline is a row (`===`) or a thematic break (`---`).
      var underline: Character?
      for line in (block.lowerBound + 1)...last {
        guard let mark = Self.setextUnderline(lines[line - 1]) else { continue }
        underline = mark
        last = line
        break
      }
      let contentEnd = underline == nil ? last : last - 1
      var header = block.lowerBound
      while header < contentEnd {
        guard var found = Self.table(in: lines, header: header, through: contentEnd) else {
          header += 1
          continue
        }
        var tableEnd = found.lastLine
        if let underline {
          // Cut short by math, the table would leave the rest of a heading after it: no table.
          guard tableEnd == contentEnd else {
            header += 1
            continue
          }
          if underline == "=" {
            let row = Self.cells(of: lines[last - 1]).cells
            found.table.rows.append(Self.fitted(row, to: found.table.header.count))
          } else {
            found.table.breakAfter = true
          }
          tableEnd = last
        }
        lines[header - 1] = String(Self.start) + String(tables.count)
        for line in (header + 1)...tableEnd {
          lines[line - 1] = String(Self.lineFiller)
        }
        lines[tableEnd - 1].unicodeScalars.append(Self.end)
        tables.append(found.table)
        header = tableEnd + 1
      }
    }
    self.tables = tables
    text = lines.joined(separator: "\n")
  }

  /// Puts the tables back into cmark's HTML.
  ///
  /// A table ends the paragraph cmark put its placeholder in: the text before it stays a
  /// paragraph. Each cell is written as `renderParagraph` renders it (cmark's HTML for one
  /// paragraph, `<p>…</p>`), without the paragraph around it, in reading order: the header
  /// from left to right, then each body row.
  func restore(html: String, renderParagraph: (String) -> String) -> String {
    guard !tables.isEmpty else { return html }
    let scalars = Array(html.unicodeScalars)
    var result = ""
    var position = 0
    while position < scalars.count {
      let scalar = scalars[position]
      position += 1
      guard scalar == Self.start else {
        result.unicodeScalars.append(scalar)
        continue
      }
      var index = 0
      while position < scalars.count, scalars[position] != Self.end {
        if ("0"..."9").contains(scalars[position]) {
          index = index * 10 + Int(scalars[position].value - 48)
        }
        position += 1
      }
      position = min(position + 1, scalars.count)
      guard tables.indices.contains(index) else { continue }
      // Close the paragraph before the table, or drop it when the table begins it.
      if result.hasSuffix("\n") { result.removeLast() }
      if result.hasSuffix("<br />") { result.removeLast("<br />".count) }
      if result.hasSuffix("<p>") {
        result.removeLast("<p>".count)
      } else {
        result += "</p>\n"
      }
      result += tables[index].html(renderParagraph: renderParagraph).markup + "\n"
      if tables[index].breakAfter { result += "<hr />\n" }
      // Drop the end of the paragraph after the table, or open one for the text that follows.
      let rest = String(
        String.UnicodeScalarView(scalars[position..<min(scalars.count, position + 5)]))
      if rest.hasPrefix("</p>") {
        position += rest.hasPrefix("</p>\n") ? 5 : 4
      } else {
        if rest.hasPrefix("\n") { position += 1 }
        result += "<p>"
      }
    }
    return result
  }

  /// The table whose header row is line `header` (1-based) of `lines` and whose body rows run at
  /// most through line `last`, with the line it ends on; nil when there is none.
  static func table(in lines: [String], header: Int, through last: Int) -> (
    table: Table, lastLine: Int
  )? {
    let headerRow = lines[header - 1]
    let delimiterRow = lines[header]
    guard !splitsMath(headerRow), !splitsMath(delimiterRow) else { return nil }
    let headerCells = cells(of: headerRow)
    let delimiterCells = cells(of: delimiterRow)
    guard headerCells.pipes > 0 || delimiterCells.pipes > 0,
      headerCells.cells.count == delimiterCells.cells.count
    else { return nil }
    var alignments: [Table.Alignment] = []
    for cell in delimiterCells.cells {
      guard let alignment = alignment(ofDelimiter: cell) else { return nil }
      alignments.append(alignment)
    }
    var table = Table(alignments: alignments, header: headerCells.cells, rows: [])
    var lastLine = header + 1
    while lastLine < last, !splitsMath(lines[lastLine]) {
      table.rows.append(fitted(cells(of: lines[lastLine]).cells, to: alignments.count))
      lastLine += 1
    }
    return (table, lastLine)
  }

  /// A row's cells, split at the pipes that are neither escaped (`\|`) nor inside a code span,
  /// without the optional leading and trailing pipe, each trimmed and with `\|` made `|`; and
  /// the number of pipes that split it.
  static func cells(of line: String) -> (cells: [String], pipes: Int) {
    let bytes = Array(line.utf8)
    var start = 0
    var end = bytes.count
    while start < end, isBlank(bytes[start]) { start += 1 }
    while end > start, isBlank(bytes[end - 1]) { end -= 1 }
    var pipes: [Int] = []
    var index = start
    while index < end {
      switch bytes[index] {
      case UInt8(ascii: "\\"):
        // `\|`, `\\` and `\``: the next character splits nothing and opens no code span.
        index += index + 1 < end && "|\\`".utf8.contains(bytes[index + 1]) ? 2 : 1
      case UInt8(ascii: "`"):
        index = endOfCodeSpan(in: bytes, at: index, limit: end)
      case UInt8(ascii: "|"):
        pipes.append(index)
        index += 1
      default:
        index += 1
      }
    }
    // Cell k lies between bounds k and k + 1; a leading or trailing pipe is a bound, not a cell.
    var bounds = [start - 1] + pipes + [end]
    if pipes.first == start { bounds.removeFirst() }
    if let final = pipes.last, final == end - 1, !(pipes.count == 1 && final == start) {
      bounds.removeLast()
    }
    let cells = zip(bounds, bounds.dropFirst()).map { from, to -> String in
      var cellStart = from + 1
      var cellEnd = to
      while cellStart < cellEnd, isBlank(bytes[cellStart]) { cellStart += 1 }
      while cellEnd > cellStart, isBlank(bytes[cellEnd - 1]) { cellEnd -= 1 }
      return String(decoding: bytes[cellStart..<cellEnd], as: UTF8.self)
        .replacingOccurrences(of: "\\|", with: "|")
    }
    return (cells, pipes.count)
  }

  /// Where the code span opening at `start` ends (after its closing run of backticks), or the end
  /// of the opening run when no run of the same length closes it before `limit`.
  static func endOfCodeSpan(in bytes: [UInt8], at start: Int, limit: Int) -> Int {
    func run(at index: Int) -> Int {
      var end = index
      while end < limit, bytes[end] == UInt8(ascii: "`") { end += 1 }
      return end - index
    }
    let opening = run(at: start)
    var index = start + opening
    while index < limit {
      guard bytes[index] == UInt8(ascii: "`") else {
        index += 1
        continue
      }
      let closing = run(at: index)
      if closing == opening { return index + closing }
      index += closing
    }
    return start + opening
  }

  /// The alignment a delimiter cell (`---`, `:---`, `---:`, `:---:`) asks for; nil when the
  /// cell is not one.
  static func alignment(ofDelimiter cell: String) -> Table.Alignment? {
    let left = cell.hasPrefix(":")
    var dashes = Substring(cell).dropFirst(left ? 1 : 0)
    let right = dashes.hasSuffix(":")
    if right { dashes = dashes.dropLast() }
    guard !dashes.isEmpty, dashes.allSatisfy({ $0 == "-" }) else { return nil }
    switch (left, right) {
    case (true, true): return .center
    case (true, false): return .left
    case (false, true): return .right
    case (false, false): return .unspecified
    }
  }

  /// `cells` with empty cells added or the extra ones dropped, to make `count`.
  static func fitted(_ cells: [String], to count: Int) -> [String] {
    Array(cells.prefix(count)) + Array(repeating: "", count: max(0, count - cells.count))
  }

  /// `=` or `-` when `line` is a setext heading underline (up to three spaces, then a run of one
  /// of them, then blanks).
  static func setextUnderline(_ line: String) -> Character? {
    let text = line.drop { $0 == " " }
    guard line.count - text.count <= 3, let mark = text.first, mark == "=" || mark == "-" else {
      return nil
    }
    let run = text.prefix { $0 == mark }
    return text.dropFirst(run.count).allSatisfy({ isBlank($0) }) ? mark : nil
  }

  /// Whether a math placeholder in `line` runs on into another line (math written over several
  /// lines): such a line is not a row, as its cells would cut the math apart.
  static func splitsMath(_ line: String) -> Bool {
    var open = false
    for scalar in line.unicodeScalars {
      switch scalar {
      case MathExtraction.inlineStart, MathExtraction.displayStart: open = true
      case MathExtraction.end: open = false
      case MathExtraction.lineFiller: return true
      default: break
      }
    }
    return open
  }

  /// The inline HTML of one cell: cmark's paragraph for it without the `<p>` around it.
  static func cellHTML(_ markdown: String, renderParagraph: (String) -> String) -> String {
    guard !markdown.isEmpty else { return "" }
    let guardPrefix = String(cellGuard) + " "
    var markup = Substring(renderParagraph(guardPrefix + markdown))
    if markup.hasPrefix("<p>") { markup = markup.dropFirst("<p>".count) }
    if markup.hasPrefix(guardPrefix) { markup = markup.dropFirst(guardPrefix.count) }
    while markup.hasSuffix("\n") { markup = markup.dropLast() }
    if markup.hasSuffix("</p>") { markup = markup.dropLast("</p>".count) }
    return String(markup).replacingOccurrences(of: String(cellGuard), with: "")
  }

  static func isBlank(_ byte: UInt8) -> Bool {
    byte == 32 || byte == 9 || byte == 13
  }

  static func isBlank(_ character: Character) -> Bool {
    character == " " || character == "\t" || character == "\r"
  }
}

extension PipeTables.Table {
  /// The table as the page shows it: like a table a cell outputs (scrolling sideways in a
  /// `table-wrap`), each column aligned as its delimiter cell asks; no `<tbody>` without rows.
  func html(renderParagraph: (String) -> String) -> HTML {
    func cell(_ tag: String, _ column: Int, _ markdown: String) -> HTML {
      let content = HTML.trusted(
        PipeTables.cellHTML(markdown, renderParagraph: renderParagraph))
      switch alignments[column] {
      case .unspecified: return .element(tag, [:], content)
      case .left: return .element(tag, ["style": "text-align: left"], content)
      case .center: return .element(tag, ["style": "text-align: center"], content)
      case .right: return .element(tag, ["style": "text-align: right"], content)
      }
    }
    let head = header.indices.map { cell("th", $0, header[$0]) }
    var content = HTML.element("thead", [:], .element("tr", [:], .joined(head)))
    if !rows.isEmpty {
      let body = rows.map { row in
        HTML.element("tr", [:], .joined(row.indices.map { cell("td", $0, row[$0]) }))
      }
      content += .element("tbody", [:], .joined(body))
    }
    return .element("div", ["class": "table-wrap"], .element("table", [:], content))
  }
}
