import Foundation

/// The prose of a lesson with its math taken out before cmark parses it, and put back after.
///
/// cmark would read `_`, `*` and `\` inside TeX as Markdown (emphasis, escapes), so every math
/// span is replaced by a placeholder of private-use characters that cmark passes through
/// unchanged. The placeholder keeps the span's line breaks, so every line of the lesson keeps its
/// number. Code spans, code blocks (the lines in `codeLines`) and `\$` are never math.
///
/// The rules are Pandoc's `tex_math_dollars`: an opening `$` has a non-space character right
/// after it; a closing `$` has a non-space character right before it and no digit right after
/// it (so "from $5 to $10" is text); `$$…$$` may span lines; math never crosses a blank line
/// or a backtick (so a code span after a price is still code).
struct MathExtraction: Equatable {
  /// The Markdown with every math span replaced by its placeholder.
  var text: String
  /// The spans, by placeholder number.
  var spans: [MathSpan]

  static let inlineStart: Unicode.Scalar = "\u{E002}"
  static let displayStart: Unicode.Scalar = "\u{E004}"
  static let lineFiller: Unicode.Scalar = "\u{E005}"
  static let end: Unicode.Scalar = "\u{E003}"

  /// Finds the math in `markdown`, skipping the 1-based lines in `codeLines`.
  init(markdown: String, codeLines: Set<Int>) {
    var scanner = Scanner(bytes: Array(markdown.utf8), codeLines: codeLines)
    scanner.run()
    text = String(decoding: scanner.output, as: UTF8.self)
    spans = scanner.spans
  }

  /// Puts the math back into cmark's HTML as ``markup(of:)``; inside a tag (an image's `alt`)
  /// the TeX is written as text between dollars.
  func restore(html: String) -> String {
    guard !spans.isEmpty else { return html }
    return Self.replacePlaceholders(in: html) { index, insideTag in
      guard spans.indices.contains(index) else { return "" }
      let span = spans[index]
      return insideTag ? HTML.escape(Self.plain(span)) : Self.markup(of: span)
    }
  }

  /// A formula as prose HTML holds it: `<span class="math inline" data-line="N">` or
  /// `<span class="math display" data-line="N">` holding the escaped TeX. The page renderer
  /// replaces exactly this element of each of a block's known spans (``ProseBlock/math``) by
  /// the typeset formula (``TypesetMath/typesetting(_:formulas:into:)``); the line names the
  /// formula in KaTeX's warnings. cmark's HTML never holds it otherwise: it escapes `<` in
  /// text and drops raw HTML.
  static func markup(of span: MathSpan) -> String {
    let kind = span.display ? "math display" : "math inline"
    let line = span.line > 0 ? " data-line=\"\(span.line)\"" : ""
    return "<span class=\"\(kind)\"\(line)>" + HTML.escape(span.tex) + "</span>"
  }

  /// The spans whose placeholders stand in `html` outside a tag, in order: the formulas
  /// ``restore(html:)`` puts back as math.
  func spans(in html: String) -> [MathSpan] {
    guard !spans.isEmpty else { return [] }
    var found: [MathSpan] = []
    _ = Self.replacePlaceholders(in: html) { index, insideTag in
      if !insideTag, spans.indices.contains(index) { found.append(spans[index]) }
      return ""
    }
    return found
  }

  /// Puts each formula back as its TeX, without dollars (for a heading's plain text).
  func restoreTeX(_ text: String) -> String {
    guard !spans.isEmpty else { return text }
    return Self.replacePlaceholders(in: text) { index, _ in
      spans.indices.contains(index) ? spans[index].tex : ""
    }
  }

  /// Puts the math back as plain text, `$tex$` or `$$tex$$` (for a lesson's title).
  func restorePlain(_ text: String) -> String {
    guard !spans.isEmpty else { return text }
    return Self.replacePlaceholders(in: text) { index, _ in
      spans.indices.contains(index) ? Self.plain(spans[index]) : ""
    }
  }

  static func plain(_ span: MathSpan) -> String {
    span.display ? "$$\(span.tex)$$" : "$\(span.tex)$"
  }

  /// Replaces every placeholder in `text` by `replacement(index, insideTag)`.
  static func replacePlaceholders(
    in text: String, _ replacement: (Int, Bool) -> String
  ) -> String {
    var result = String.UnicodeScalarView()
    var insideTag = false
    var scalars = text.unicodeScalars.makeIterator()
    while let scalar = scalars.next() {
      switch scalar {
      case "<": insideTag = true
      case ">": insideTag = false
      case inlineStart, displayStart:
        var index = 0
        while let next = scalars.next(), next != end {
          if ("0"..."9").contains(next) { index = index * 10 + Int(next.value - 48) }
        }
        result.append(contentsOf: replacement(index, insideTag).unicodeScalars)
        continue
      default: break
      }
      result.append(scalar)
    }
    return String(result)
  }

  /// Walks the Markdown's bytes once, copying them and replacing math by placeholders.
  private struct Scanner {
    let bytes: [UInt8]
    let codeLines: Set<Int>
    var output: [UInt8] = []
    var spans: [MathSpan] = []
    var position = 0
    var line = 1

    init(bytes: [UInt8], codeLines: Set<Int>) {
      self.bytes = bytes
      self.codeLines = codeLines
      output.reserveCapacity(bytes.count)
    }

    static let dollar = UInt8(ascii: "$")
    static let backslash = UInt8(ascii: "\\")
    static let backtick = UInt8(ascii: "`")
    static let newline = UInt8(ascii: "\n")

    mutating func run() {
      var atLineStart = true
      while position < bytes.count {
        if atLineStart && codeLines.contains(line) {
          copyRestOfLine()
          continue
        }
        atLineStart = false
        let byte = bytes[position]
        switch byte {
        case Self.newline:
          copy(1)
          line += 1
          atLineStart = true
        case Self.backslash:
          // `\$` and every other backslash escape stay as written; cmark removes the backslash.
          let escapesPunctuation =
            position + 1 < bytes.count && bytes[position + 1] < 0x80
            && isPunctuation(bytes[position + 1])
          copy(escapesPunctuation ? 2 : 1)
        case Self.backtick:
          copyCodeSpanOrBackticks()
        case Self.dollar:
          if !takeMath() { copy(1) }
        default:
          copy(1)
        }
      }
    }

    mutating func copy(_ count: Int) {
      let end = min(bytes.count, position + count)
      output.append(contentsOf: bytes[position..<end])
      position = end
    }

    mutating func copyRestOfLine() {
      while position < bytes.count && bytes[position] != Self.newline { copy(1) }
      if position < bytes.count {
        copy(1)
      }
      line += 1
    }

    /// Where the paragraph that `position` is in ends: at a blank line or a code line.
    func paragraphEnd(from start: Int) -> Int {
      var index = start
      var currentLine = line
      while index < bytes.count {
        if bytes[index] == Self.newline {
          currentLine += 1
          var next = index + 1
          while next < bytes.count && (bytes[next] == 32 || bytes[next] == 9 || bytes[next] == 13) {
            next += 1
          }
          if next >= bytes.count || bytes[next] == Self.newline || codeLines.contains(currentLine) {
            return index
          }
        }
        index += 1
      }
      return bytes.count
    }

    /// A code span (a run of n backticks up to the next run of exactly n) is copied as it is;
    /// an unmatched run of backticks is text.
    mutating func copyCodeSpanOrBackticks() {
      let run = runLength(of: Self.backtick, at: position)
      let limit = paragraphEnd(from: position)
      var index = position + run
      while index < limit {
        if bytes[index] == Self.backtick {
          let closing = runLength(of: Self.backtick, at: index)
          if closing == run {
            copyCountingLines(through: index + closing)
            return
          }
          index += closing
        } else {
          index += 1
        }
      }
      copy(run)
    }

    func runLength(of byte: UInt8, at start: Int) -> Int {
      var end = start
      while end < bytes.count && bytes[end] == byte { end += 1 }
      return end - start
    }

    mutating func copyCountingLines(through end: Int) {
      while position < end {
        if bytes[position] == Self.newline { line += 1 }
        copy(1)
      }
    }

    /// Reads `$…$` or `$$…$$` at `position`, writing its placeholder; false when the dollar is
    /// text.
    mutating func takeMath() -> Bool {
      let display = position + 1 < bytes.count && bytes[position + 1] == Self.dollar
      let open = display ? 2 : 1
      let start = position + open
      let limit = paragraphEnd(from: position)
      guard start < limit, !isSpace(bytes[start]) || display else { return false }
      var index = start
      while index < limit {
        let byte = bytes[index]
        if byte == Self.backslash {
          index += 2
          continue
        }
        // Math never contains a code span: a backtick ends the search.
        if byte == Self.backtick { return false }
        if byte == Self.dollar {
          if display {
            if index + 1 < limit && bytes[index + 1] == Self.dollar {
              return finish(contentEnd: index, close: 2, display: true)
            }
          } else if !isSpace(bytes[index - 1])
            && !(index + 1 < bytes.count && isDigit(bytes[index + 1]))
          {
            return finish(contentEnd: index, close: 1, display: false)
          } else {
            return false
          }
        }
        index += 1
      }
      return false
    }

    mutating func finish(contentEnd: Int, close: Int, display: Bool) -> Bool {
      let open = display ? 2 : 1
      let content = bytes[(position + open)..<contentEnd]
      let tex = String(decoding: content, as: UTF8.self)
      let trimmed = tex.trimmingCharacters(in: .whitespacesAndNewlines)
      guard !trimmed.isEmpty else { return false }
      let number = spans.count
      spans.append(MathSpan(tex: trimmed, display: display, line: line))
      var placeholder = String.UnicodeScalarView()
      placeholder.append(display ? MathExtraction.displayStart : MathExtraction.inlineStart)
      placeholder.append(contentsOf: String(number).unicodeScalars)
      for byte in content where byte == Self.newline {
        placeholder.append("\n")
        placeholder.append(MathExtraction.lineFiller)
        line += 1
      }
      placeholder.append(MathExtraction.end)
      output.append(contentsOf: String(placeholder).utf8)
      position = contentEnd + close
      return true
    }

    func isSpace(_ byte: UInt8) -> Bool {
      byte == 32 || byte == 9 || byte == 10 || byte == 13
    }

    func isDigit(_ byte: UInt8) -> Bool {
      byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    func isPunctuation(_ byte: UInt8) -> Bool {
      (33...47).contains(byte) || (58...64).contains(byte) || (91...96).contains(byte)
        || (123...126).contains(byte)
    }
  }
}
