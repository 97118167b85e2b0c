import Foundation

/// Reads one `//| key: value` line into ``CellOptions``.
struct CellOptionParser {
  let file: String
  let line: Int
  /// The whole Markdown source line.
  let source: String

  func apply(to options: inout CellOptions, seen: inout Set<String>) throws(LessonError) {
    let bytes = Array(source.utf8)
    let markerStart =
      source.utf8.firstRange(of: "//|".utf8).map {
        source.utf8.distance(from: source.utf8.startIndex, to: $0.lowerBound)
      } ?? 0
    var keyStart = markerStart + 3
    while keyStart < bytes.count && (bytes[keyStart] == 32 || bytes[keyStart] == 9) {
      keyStart += 1
    }
    let rest = String(decoding: bytes[keyStart...], as: UTF8.self)
    guard let colon = rest.firstIndex(of: ":") else {
      throw error(
        column: keyStart + 1, "malformed cell option '\(rest)': expected `//| key: value`")
    }
    let key = rest[..<colon].trimmingCharacters(in: .whitespaces)
    var value = rest[rest.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    let valueColumn =
      keyStart + rest.utf8.distance(from: rest.startIndex, to: colon) + 2
      + (rest[rest.index(after: colon)...].utf8.prefix { $0 == 32 }.count)
    guard !key.isEmpty else {
      throw error(column: keyStart + 1, "malformed cell option: the key before ':' is empty")
    }
    guard CellOptions.keys.contains(key) else {
      throw error(
        column: keyStart + 1,
        "unknown cell option '\(key)' (known: \(CellOptions.keys.joined(separator: ", ")))")
    }
    guard seen.insert(key).inserted else {
      throw error(column: keyStart + 1, "cell option '\(key)' is given twice")
    }
    if value.count >= 2,
      (value.hasPrefix("\"") && value.hasSuffix("\""))
        || (value.hasPrefix("'") && value.hasSuffix("'"))
    {
      value = String(value.dropFirst().dropLast())
    }
    func flag() throws(LessonError) -> Bool {
      switch value.lowercased() {
      case "true", "yes": return true
      case "false", "no": return false
      default:
        throw error(
          column: valueColumn, "cell option '\(key)' must be true or false, not '\(value)'")
      }
    }
    func text() throws(LessonError) -> String {
      guard !value.isEmpty else {
        throw error(column: valueColumn, "cell option '\(key)' needs a value")
      }
      return value
    }
    switch key {
    case "label": options.label = try text()
    case "echo": options.echo = try flag()
    case "eval": options.eval = try flag()
    case "output": options.output = try flag()
    case "error": options.error = try flag()
    case "caption": options.caption = try text()
    case "alt": options.alt = try text()
    case "fold": options.fold = try flag()
    case "exercise", "solution", "grade":
      let id = try text()
      guard id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
        throw error(
          column: valueColumn,
          "cell option '\(key)' names an exercise by letters, digits, '-' and '_', not '\(value)'")
      }
      let taken = ["exercise", "solution", "grade"].filter { $0 != key && seen.contains($0) }
      guard taken.isEmpty else {
        throw error(
          column: keyStart + 1,
          "a cell is an exercise, a solution or a grade, not both '\(taken[0])' and '\(key)'")
      }
      switch key {
      case "exercise": options.exercise = id
      case "solution": options.solution = id
      default: options.grade = id
      }
    case "points":
      guard let points = Double(try text()), points.isFinite, points > 0, points <= 1000 else {
        throw error(
          column: valueColumn, "cell option 'points' must be a positive number, not '\(value)'")
      }
      options.points = points
    case "slide":
      guard let content = SlideContent(rawValue: try text()) else {
        throw error(
          column: valueColumn,
          "cell option 'slide' must be output, code or hide, not '\(value)'")
      }
      options.slide = content
    case "timeout":
      guard let seconds = Double(try text()), seconds.isFinite, seconds > 0,
        seconds <= CellOptions.maximumTimeout
      else {
        throw error(
          column: valueColumn,
          "cell option 'timeout' must be a positive number of seconds up to "
            + "\(Int(CellOptions.maximumTimeout)) (a year), not '\(value)'")
      }
      options.timeout = seconds
    default: break
    }
  }

  func error(column: Int, _ message: String) -> LessonError {
    LessonError(file: file, line: line, column: column, message: message)
  }
}
