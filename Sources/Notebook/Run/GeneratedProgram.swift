/// A lesson's generated program.
public struct GeneratedProgram: Codable, Equatable, Sendable {
  /// The `main.swift` text.
  public var source: String
  /// What the program computes, independent of Markdown line numbers and file name: the code of
  /// the run cells and the inline expressions. Hashed into the cache key, so that prose edits,
  /// even ones that move the cells, reuse the cached run.
  public var identity: String
  /// The indices of the cells the program runs, in order.
  public var cells: [Int]
  /// The course-level Swift files compiled with `main.swift` (their text is in `identity`).
  public var shared: [SharedSource]

  /// Creates a program.
  public init(source: String, identity: String, cells: [Int], shared: [SharedSource] = []) {
    self.source = source
    self.identity = identity
    self.cells = cells
    self.shared = shared
  }

  private enum CodingKeys: String, CodingKey { case source, identity, cells, shared }

  /// Decodes a program; programs stored before shared files existed have none.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    source = try c.decode(String.self, forKey: .source)
    identity = try c.decode(String.self, forKey: .identity)
    cells = try c.decode([Int].self, forKey: .cells)
    shared = try c.decodeIfPresent([SharedSource].self, forKey: .shared) ?? []
  }

  /// Whether there is anything to compile: at least one run cell or inline expression.
  public var isEmpty: Bool {
    cells.isEmpty && !identity.contains("\ninline ")
  }
}
