/// The lesson-wide settings at the top of a lesson, between two `---` lines:
///
///     ---
///     code-fold: true
///     ---
///
/// The lines are read here and blanked before cmark parses the lesson, so every other line
/// keeps its number. Known keys: `code-fold` (`true` or `false`): every cell's code is shown
/// folded unless the cell says `//| fold: false`.
struct FrontMatter: Equatable {
  /// The keys a lesson's front matter may set.
  static let keys = ["code-fold"]

  /// Whether cells fold their code unless they say otherwise.
  var codeFold = false
  /// The text with the front matter's lines blanked (the same number of lines).
  var text: String

  /// Reads the front matter of `text`; a text that does not start with `---` has none.
  ///
  /// - Throws: ``LessonError`` naming `path` and the line of an unknown key, a malformed line or
  ///   a value that is not `true` or `false`, or an unclosed block.
  init(text: String, path: String) throws(LessonError) {
    self.text = text
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    func stripped(_ line: Substring) -> Substring {
      line.hasSuffix("\r") ? line.dropLast() : line
    }
    guard let first = lines.first, stripped(first) == "---" else { return }
    guard let close = lines.indices.dropFirst().first(where: { stripped(lines[$0]) == "---" })
    else {
      throw LessonError(
        file: path, line: 1, message: "the front matter that starts here has no closing `---`")
    }
    for index in 1..<close {
      let line = stripped(lines[index]).trimmingCharacters(in: .whitespaces)
      if line.isEmpty || line.hasPrefix("#") { continue }
      guard let colon = line.firstIndex(of: ":") else {
        throw LessonError(
          file: path, line: index + 1, message: "malformed front matter line: expected `key: value`")
      }
      let key = line[..<colon].trimmingCharacters(in: .whitespaces)
      let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
      switch key {
      case "code-fold":
        guard value == "true" || value == "false" else {
          throw LessonError(
            file: path, line: index + 1,
            message: "front matter 'code-fold' must be true or false, not '\(value)'")
        }
        codeFold = value == "true"
      default:
        throw LessonError(
          file: path, line: index + 1,
          message:
            "unknown front matter key '\(key)' (known: \(Self.keys.joined(separator: ", ")))")
      }
    }
    for index in 0...close { lines[index] = "" }
    self.text = lines.joined(separator: "\n")
  }
}
