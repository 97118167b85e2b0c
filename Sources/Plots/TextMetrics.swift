/// Estimates of how much room text takes, from its characters and font size.
///
/// SVG text is measured by the browser only after layout, so the renderer estimates widths
/// from glyph widths close to DejaVu Sans (one of the wider common sans-serif fonts), so the
/// estimates err on the wide side for the system fonts browsers usually pick.
enum TextMetrics {
  /// The estimated width of `text` at `fontSize`, in pixels.
  static func width(_ text: String, fontSize: Double) -> Double {
    var em = 0.0
    for character in text {
      em += advance(character)
    }
    return em * fontSize
  }

  private static func advance(_ character: Character) -> Double {
    switch character {
    case "i", "j", "l", ".", ",", ":", ";", "'", "|", "!", "I", " ": return 0.3
    case "f", "t", "r", "(", ")", "[", "]", "-", "⁻": return 0.4
    case "m", "w", "M", "W", "%", "@": return 0.9
    case "0"..."9": return 0.64
    case "A"..."Z": return 0.7
    default:
      if let scalar = character.unicodeScalars.first, scalar.value > 0x2E80 {
        return 1.0  // CJK and other wide scripts
      }
      return 0.62
    }
  }
}
