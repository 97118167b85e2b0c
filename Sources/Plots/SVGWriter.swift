/// Replaces the five XML special characters with entities; the only escaping function here.
///
/// Every piece of text and every attribute value that reaches an SVG passes through it.
func escapeXML(_ text: String) -> String {
  // Most text (and all path data) has nothing to escape: return it as it is.
  let clean = text.utf8.allSatisfy { byte in
    byte >= 0x20 && byte != UInt8(ascii: "&") && byte != UInt8(ascii: "<")
      && byte != UInt8(ascii: ">") && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "'")
      || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n")
  }
  if clean { return text }
  var result = ""
  result.reserveCapacity(text.utf8.count)
  for character in text.unicodeScalars {
    switch character {
    case "&": result += "&amp;"
    case "<": result += "&lt;"
    case ">": result += "&gt;"
    case "\"": result += "&quot;"
    case "'": result += "&apos;"
    default:
      // Control characters other than tab and newline are not allowed in XML 1.0.
      if character.value < 0x20 && character != "\t" && character != "\n" {
        result += " "
      } else {
        result.unicodeScalars.append(character)
      }
    }
  }
  return result
}

/// A value that can be written as an SVG attribute.
protocol SVGValue {
  /// The attribute text before escaping, or `nil` to leave the attribute out.
  var svgText: String? { get }
}

extension String: SVGValue {
  var svgText: String? { self }
}

extension Double: SVGValue {
  var svgText: String? { NumberFormat.coordinate(self) }
}

extension Int: SVGValue {
  var svgText: String? { String(self) }
}

extension Optional: SVGValue where Wrapped: SVGValue {
  var svgText: String? { self?.svgText }
}

/// Builds SVG markup in which text and attribute values are always escaped.
struct SVGWriter {
  /// The markup written so far.
  private(set) var output = ""

  /// Opens an element that will hold children.
  mutating func open(_ name: String, _ attributes: KeyValuePairs<String, any SVGValue> = [:]) {
    output += "<" + name + Self.attributeText(attributes) + ">"
  }

  /// Closes the element opened last with this name.
  mutating func close(_ name: String) {
    output += "</" + name + ">"
  }

  /// Writes an element without children (`<line …/>`).
  mutating func leaf(_ name: String, _ attributes: KeyValuePairs<String, any SVGValue> = [:]) {
    output += "<" + name + Self.attributeText(attributes) + "/>"
  }

  /// Writes an element whose only child is escaped text.
  mutating func text(
    _ name: String, _ attributes: KeyValuePairs<String, any SVGValue> = [:], _ content: String
  ) {
    output += "<" + name + Self.attributeText(attributes) + ">" + escapeXML(content)
    output += "</" + name + ">"
  }

  /// Starts a new line in the markup, to keep the output readable and diffs small.
  mutating func newline() {
    output += "\n"
  }

  private static func attributeText(_ attributes: KeyValuePairs<String, any SVGValue>) -> String {
    var text = ""
    for (name, value) in attributes {
      guard let value = value.svgText else { continue }
      text += " " + name + "=\"" + escapeXML(value) + "\""
    }
    return text
  }
}
