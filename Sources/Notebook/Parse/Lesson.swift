/// A parsed lesson: its title and its blocks in document order.
public struct Lesson: Codable, Equatable, Sendable {
  /// The lesson file's path as given (used in messages and `#sourceLocation`).
  public var path: String
  /// The text of the first heading, or the file name without extension when there is none.
  public var title: String
  /// Prose, cells and other code blocks, in order.
  public var blocks: [Block]

  /// Creates a lesson.
  public init(path: String, title: String, blocks: [Block]) {
    self.path = path
    self.title = title
    self.blocks = blocks
  }

  /// The lesson's Swift cells in order; `cells[i].index == i`.
  public var cells: [Cell] {
    blocks.compactMap { block in
      if case .cell(let cell) = block { return cell }
      return nil
    }
  }

  /// The inline expressions of the prose in order; `inlines[k].index == k`.
  public var inlines: [InlineExpression] {
    blocks.flatMap { block -> [InlineExpression] in
      if case .prose(let prose) = block { return prose.inlines }
      return []
    }
  }

  /// The file name without directory and extension: `02-lottery` for `lessons/02-lottery.md`.
  public var name: String {
    Lesson.name(ofPath: path)
  }

  /// The file name of `path` without directory and extension.
  public static func name(ofPath path: String) -> String {
    let file = path.split(separator: "/").last.map(String.init) ?? path
    guard let dot = file.lastIndex(of: "."), dot != file.startIndex else { return file }
    return String(file[..<dot])
  }
}

extension Lesson {
  /// The cell whose fenced block contains Markdown line `line`, if any.
  public func cell(atLine line: Int) -> Cell? {
    cells.first { $0.span.contains(line) }
  }
}
