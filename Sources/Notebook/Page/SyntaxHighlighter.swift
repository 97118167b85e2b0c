/// Colours Swift code for a page: keywords, strings (with their interpolations highlighted as
/// code), numbers, comments, type names, attributes and compiler directives.
///
/// A small tokenizer, not a parser: it never fails, and every character of the input appears in
/// the output exactly once, escaped. Each token becomes a `<span>` with a short class:
/// `kw`, `str`, `esc` (an escape or the `\(` `)` of an interpolation), `num`, `com`, `typ`,
/// `attr`, `dir`; everything else is plain escaped text.
public struct SyntaxHighlighter: Sendable {
  /// Creates a highlighter.
  public init() {}

  /// The highlighted code, ready to go inside `<pre><code>`.
  public func highlight(_ code: String) -> HTML {
    var tokenizer = Tokenizer(Array(code.unicodeScalars))
    tokenizer.code(untilClosingParenthesis: false)
    return .trusted(tokenizer.output)
  }

  /// Swift's keywords, including the contextual ones a lesson is likely to use.
  static let keywords: Set<String> = [
    "actor", "any", "as", "associatedtype", "async", "await", "borrowing", "break", "case",
    "catch", "class", "consuming", "continue", "convenience", "default", "defer", "deinit",
    "didSet", "do", "dynamic", "else", "enum", "extension", "fallthrough", "false", "fileprivate",
    "final", "for", "func", "get", "guard", "if", "import", "in", "indirect", "init", "inout",
    "internal", "is", "isolated", "lazy", "let", "macro", "mutating", "nil", "nonisolated",
    "nonmutating", "open", "operator", "override", "package", "precedencegroup", "private",
    "protocol", "public", "repeat", "required", "rethrows", "return", "self", "Self", "sending",
    "set", "some", "static", "struct", "subscript", "super", "switch", "throw", "throws", "true",
    "try", "typealias", "unowned", "var", "weak", "where", "while", "willSet",
  ]
}

/// Walks the code's scalars once, appending escaped, classified text to ``output``.
private struct Tokenizer {
  let scalars: [Unicode.Scalar]
  var index = 0
  var output = ""

  init(_ scalars: [Unicode.Scalar]) {
    self.scalars = scalars
    output.reserveCapacity(scalars.count * 2)
  }

  func peek(_ offset: Int = 0) -> Unicode.Scalar? {
    index + offset < scalars.count ? scalars[index + offset] : nil
  }

  /// Code up to the end, or up to the `)` closing an interpolation (left unread).
  mutating func code(untilClosingParenthesis: Bool) {
    var depth = 0
    while let scalar = peek() {
      switch scalar {
      case "(":
        depth += 1
        plain(1)
      case ")":
        if untilClosingParenthesis && depth == 0 { return }
        depth -= 1
        plain(1)
      case "/" where peek(1) == "/":
        span("com", length: lineCommentLength())
      case "/" where peek(1) == "*":
        span("com", length: blockCommentLength())
      case "\"":
        string(hashes: 0)
      case "#":
        let hashes = run(of: "#")
        if peek(hashes) == "\"" {
          string(hashes: hashes)
        } else if let next = peek(1), isIdentifierStart(next) {
          span("dir", length: 1 + identifierLength(from: index + 1))
        } else {
          plain(1)
        }
      case "@" where peek(1).map(isIdentifierStart) ?? false:
        span("attr", length: 1 + identifierLength(from: index + 1))
      case "0"..."9":
        span("num", length: numberLength())
      case "`":
        var length = 1
        while let next = peek(length), next != "`", next != "\n" { length += 1 }
        plain(peek(length) == "`" ? length + 1 : 1)
      default:
        if isIdentifierStart(scalar) {
          let length = identifierLength(from: index)
          let word = String(String.UnicodeScalarView(scalars[index..<index + length]))
          if SyntaxHighlighter.keywords.contains(word) {
            span("kw", length: length)
          } else if scalar.properties.isUppercase {
            span("typ", length: length)
          } else {
            plain(length)
          }
        } else {
          plain(1)
        }
      }
    }
  }

  /// A string literal, `"…"` or `"""…"""`, raw when `hashes` > 0; interpolations are code.
  mutating func string(hashes: Int) {
    let multiline = peek(hashes) == "\"" && peek(hashes + 1) == "\"" && peek(hashes + 2) == "\""
    let quotes = multiline ? 3 : 1
    var text = String.UnicodeScalarView()
    text.append(contentsOf: scalars[index..<index + hashes + quotes])
    index += hashes + quotes
    func flush(_ tokenizer: inout Tokenizer) {
      if !text.isEmpty { tokenizer.emit("str", String(text)) }
      text.removeAll()
    }
    while let scalar = peek() {
      if scalar == "\n" && !multiline { break }
      if scalar == "\"" && closes(quotes: quotes, hashes: hashes) {
        text.append(contentsOf: scalars[index..<index + quotes + hashes])
        index += quotes + hashes
        break
      }
      if scalar == "\\" && (0..<hashes).allSatisfy({ peek(1 + $0) == "#" }) {
        let escapeLength = hashes + 1
        flush(&self)
        if peek(escapeLength) == "(" {
          emit("esc", String(String.UnicodeScalarView(scalars[index..<index + escapeLength + 1])))
          index += escapeLength + 1
          code(untilClosingParenthesis: true)
          if peek() == ")" { span("esc", length: 1) }
        } else {
          let length = min(escapeLength + 1, scalars.count - index)
          span("esc", length: length)
        }
        continue
      }
      text.append(scalar)
      index += 1
    }
    flush(&self)
  }

  func closes(quotes: Int, hashes: Int) -> Bool {
    (0..<quotes).allSatisfy { peek($0) == "\"" }
      && (0..<hashes).allSatisfy {
        peek(quotes + $0) == "#"
      }
  }

  func run(of scalar: Unicode.Scalar) -> Int {
    var length = 0
    while peek(length) == scalar { length += 1 }
    return length
  }

  func lineCommentLength() -> Int {
    var length = 0
    while let scalar = peek(length), scalar != "\n" { length += 1 }
    return length
  }

  /// A `/* … */` comment, nested as Swift nests them, or to the end of the code.
  func blockCommentLength() -> Int {
    var length = 2
    var depth = 1
    while depth > 0, let scalar = peek(length) {
      if scalar == "/" && peek(length + 1) == "*" {
        depth += 1
        length += 2
      } else if scalar == "*" && peek(length + 1) == "/" {
        depth -= 1
        length += 2
      } else {
        length += 1
      }
    }
    return length
  }

  /// `42`, `1_000`, `0.5`, `1e-3`, `0xFF`, `0b1010`; `1..<n` stops before the dots.
  func numberLength() -> Int {
    var length = 1
    if peek() == "0", let base = peek(1), base == "x" || base == "b" || base == "o" {
      length = 2
      while let scalar = peek(length), isIdentifierContinue(scalar) { length += 1 }
      return length
    }
    func digits() {
      while let scalar = peek(length), ("0"..."9").contains(scalar) || scalar == "_" {
        length += 1
      }
    }
    digits()
    if peek(length) == ".", let next = peek(length + 1), ("0"..."9").contains(next) {
      length += 1
      digits()
    }
    if let e = peek(length), e == "e" || e == "E" {
      var after = length + 1
      if let sign = peek(after), sign == "+" || sign == "-" { after += 1 }
      if let digit = peek(after), ("0"..."9").contains(digit) {
        length = after
        digits()
      }
    }
    return length
  }

  func identifierLength(from start: Int) -> Int {
    var end = start
    while end < scalars.count && isIdentifierContinue(scalars[end]) { end += 1 }
    return end - start
  }

  func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
    scalar == "_" || scalar.properties.isAlphabetic
  }

  func isIdentifierContinue(_ scalar: Unicode.Scalar) -> Bool {
    isIdentifierStart(scalar) || ("0"..."9").contains(scalar)
  }

  mutating func plain(_ length: Int) {
    let end = min(scalars.count, index + length)
    HTML.appendEscaped(scalars[index..<end], to: &output)
    index = end
  }

  mutating func span(_ kind: String, length: Int) {
    let end = min(scalars.count, index + length)
    emit(kind, String(String.UnicodeScalarView(scalars[index..<end])))
    index = end
  }

  mutating func emit(_ kind: String, _ text: String) {
    output += "<span class=\"\(kind)\">"
    HTML.appendEscaped(text.unicodeScalars, to: &output)
    output += "</span>"
  }
}
