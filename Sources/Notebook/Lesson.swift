// Run results are made of LabRecords types (checks, tables, plots): users of Notebook see them.
@_exported import LabRecords

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

/// One top-level piece of a lesson.
public enum Block: Codable, Equatable, Sendable {
  /// Markdown prose between cells.
  case prose(Prose)
  /// A Swift cell that runs.
  case cell(Cell)
  /// A fenced block in another language, shown and never run.
  case code(CodeBlock)
}

/// A run of Markdown blocks between two code blocks.
public struct Prose: Codable, Equatable, Sendable {
  /// The first and last Markdown lines it spans (1-based, inclusive).
  public var lines: ClosedRange<Int>
  /// cmark's HTML for the prose; each inline expression `k` appears as
  /// ``Prose/placeholder(_:)`` and is replaced by its value when the page is rendered.
  public var html: String
  /// The inline expressions inside this prose, in order.
  public var inlines: [InlineExpression]

  /// Creates a prose block.
  public init(lines: ClosedRange<Int>, html: String, inlines: [InlineExpression]) {
    self.lines = lines
    self.html = html
    self.inlines = inlines
  }

  /// The text standing for inline expression `index` in ``html``: private-use characters that
  /// cmark passes through untouched and that no escaping changes.
  public static func placeholder(_ index: Int) -> String {
    "\u{E000}\(index)\u{E001}"
  }
}

/// A `` `{swift} expr` `` code span in prose: evaluated where it stands, printed into the text.
public struct InlineExpression: Codable, Equatable, Sendable {
  /// Its position among all inline expressions of the lesson, from 0.
  public var index: Int
  /// The Swift expression.
  public var expression: String
  /// The Markdown line it is on (1-based).
  public var line: Int
  /// The 1-based column of the expression's first character on that line.
  public var column: Int

  /// Creates an inline expression.
  public init(index: Int, expression: String, line: Int, column: Int) {
    self.index = index
    self.expression = expression
    self.line = line
    self.column = column
  }
}

/// A fenced code block in a language other than Swift.
public struct CodeBlock: Codable, Equatable, Sendable {
  /// The info string's first word (`python`, `sh`, or empty).
  public var language: String
  /// The code, without the fences.
  public var text: String
  /// The Markdown line of the opening fence.
  public var line: Int

  /// Creates a code block.
  public init(language: String, text: String, line: Int) {
    self.language = language
    self.text = text
    self.line = line
  }
}

/// A Swift cell: its options and its code with the Markdown line of every code line.
public struct Cell: Codable, Equatable, Sendable {
  /// Its position among the lesson's cells, from 0.
  public var index: Int
  /// What the `//|` lines at its top say.
  public var options: CellOptions
  /// The code lines after the options, without the fences.
  public var lines: [String]
  /// The Markdown line of each entry of ``lines`` (1-based).
  public var lineNumbers: [Int]
  /// The Markdown line of the opening fence.
  public var fenceLine: Int

  /// Creates a cell.
  public init(
    index: Int, options: CellOptions, lines: [String], lineNumbers: [Int], fenceLine: Int
  ) {
    self.index = index
    self.options = options
    self.lines = lines
    self.lineNumbers = lineNumbers
    self.fenceLine = fenceLine
  }

  /// The code as one string.
  public var code: String {
    lines.joined(separator: "\n")
  }

  /// The Markdown lines the cell occupies, fences included.
  public var span: ClosedRange<Int> {
    fenceLine...((lineNumbers.last ?? fenceLine) + 1)
  }

  /// The label if the author gave one, otherwise `cell N` (1-based).
  public var displayName: String {
    options.label ?? "cell \(index + 1)"
  }
}

/// The options of a cell, from its `//| key: value` lines.
public struct CellOptions: Codable, Equatable, Sendable {
  /// A name for the cell, used in messages and as its anchor.
  public var label: String?
  /// Whether the page shows the code.
  public var echo: Bool = true
  /// Whether the cell runs.
  public var eval: Bool = true
  /// Whether the page shows the cell's output.
  public var output: Bool = true
  /// Whether the cell may fail at run time without failing the lesson.
  public var error: Bool = false
  /// A caption for the cell's figure or table.
  public var caption: String?
  /// Alternative text for the cell's figure.
  public var alt: String?
  /// Whether the code is shown folded (collapsed behind a summary).
  public var fold: Bool = false
  /// Seconds the cell may run before its program is stopped (no limit of its own when nil;
  /// the render's `--timeout` still bounds the whole program).
  public var timeout: Double?

  /// Creates options with the defaults: shown, run, output shown, must not fail.
  public init() {}

  /// Every option key a cell may use.
  public static let keys = [
    "label", "echo", "eval", "output", "error", "caption", "alt", "fold", "timeout",
  ]
}

/// A problem in a lesson, located at a Markdown line and column.
public struct LessonError: Error, Codable, Equatable, Sendable, CustomStringConvertible {
  /// The lesson file.
  public var file: String
  /// The 1-based line, or 0 when the problem is the whole file.
  public var line: Int
  /// The 1-based column, or 0 when unknown.
  public var column: Int
  /// What is wrong.
  public var message: String

  /// Creates an error.
  public init(file: String, line: Int = 0, column: Int = 0, message: String) {
    self.file = file
    self.line = line
    self.column = column
    self.message = message
  }

  /// `file:line:column: error: message`, the form editors and terminals link to.
  public var description: String {
    var location = file
    if line > 0 { location += ":\(line)" }
    if line > 0 && column > 0 { location += ":\(column)" }
    return "\(location): error: \(message)"
  }
}
