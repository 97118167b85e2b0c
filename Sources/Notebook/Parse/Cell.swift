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
