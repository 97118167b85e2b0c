/// A piece of HTML whose text parts have been escaped.
///
/// Text becomes HTML only through ``text(_:)`` (escaped) or through ``trusted(_:)``, whose name
/// says that the caller vouches for the markup (cmark's output, an SVG from the plot renderer).
/// Nothing a cell prints can reach a page any other way.
public struct HTML: Equatable, Sendable, CustomStringConvertible {
  /// The markup.
  public private(set) var markup: String

  private init(markup: String) {
    self.markup = markup
  }

  /// Empty HTML.
  public init() {
    markup = ""
  }

  /// Text, with `&`, `<`, `>`, `"` and `'` escaped.
  public static func text(_ text: String) -> HTML {
    HTML(markup: escape(text))
  }

  /// Markup the caller vouches for, inserted unchanged.
  public static func trusted(_ markup: String) -> HTML {
    HTML(markup: markup)
  }

  /// An element: `<tag attributes>content</tag>`; attribute values are escaped.
  public static func element(
    _ tag: String, _ attributes: KeyValuePairs<String, String> = [:], _ content: HTML = HTML()
  ) -> HTML {
    HTML(markup: open(tag, attributes) + content.markup + "</\(tag)>")
  }

  /// An element with text content, escaped.
  public static func element(
    _ tag: String, _ attributes: KeyValuePairs<String, String> = [:], text: String
  ) -> HTML {
    element(tag, attributes, .text(text))
  }

  /// A void element such as `<meta>`, with escaped attribute values.
  public static func void(_ tag: String, _ attributes: KeyValuePairs<String, String>) -> HTML {
    HTML(markup: open(tag, attributes))
  }

  /// Joins pieces of HTML.
  public static func + (lhs: HTML, rhs: HTML) -> HTML {
    HTML(markup: lhs.markup + rhs.markup)
  }

  /// Appends a piece of HTML.
  public static func += (lhs: inout HTML, rhs: HTML) {
    lhs.markup += rhs.markup
  }

  /// Joins a sequence of pieces.
  public static func joined<S: Sequence>(_ pieces: S) -> HTML where S.Element == HTML {
    HTML(markup: pieces.map(\.markup).joined())
  }

  /// The markup.
  public var description: String { markup }

  /// Escapes the five characters that are special in HTML text and attribute values.
  public static func escape(_ text: String) -> String {
    // Most text has nothing to escape: return it as it is.
    guard text.utf8.contains(where: { $0 == 38 || $0 == 60 || $0 == 62 || $0 == 34 || $0 == 39 })
    else { return text }
    var escaped = ""
    escaped.reserveCapacity(text.utf8.count + 16)
    appendEscaped(text.unicodeScalars, to: &escaped)
    return escaped
  }

  /// Appends `scalars` to `output` with the five special characters escaped.
  static func appendEscaped<S: Sequence<Unicode.Scalar>>(_ scalars: S, to output: inout String) {
    for scalar in scalars {
      switch scalar {
      case "&": output += "&amp;"
      case "<": output += "&lt;"
      case ">": output += "&gt;"
      case "\"": output += "&quot;"
      case "'": output += "&#39;"
      default: output.unicodeScalars.append(scalar)
      }
    }
  }

  private static func open(_ tag: String, _ attributes: KeyValuePairs<String, String>) -> String {
    var markup = "<" + tag
    for (name, value) in attributes {
      markup += " \(name)=\"\(escape(value))\""
    }
    return markup + ">"
  }
}
