/// A run of Markdown blocks between two code blocks.
public struct Prose: Codable, Equatable, Sendable {
  /// The first and last Markdown lines it spans (1-based, inclusive).
  public var lines: ClosedRange<Int>
  /// Its top-level Markdown blocks, in order, each with cmark's HTML.
  public var blocks: [ProseBlock]
  /// Its first two paragraphs (at any depth), for the course index's summary.
  public var opening: [ProseParagraph]
  /// The inline expressions inside this prose, in order.
  public var inlines: [InlineExpression]

  /// Creates a prose block.
  public init(
    lines: ClosedRange<Int>, blocks: [ProseBlock], opening: [ProseParagraph] = [],
    inlines: [InlineExpression]
  ) {
    self.lines = lines
    self.blocks = blocks
    self.opening = opening
    self.inlines = inlines
  }

  /// cmark's HTML for the prose; each inline expression `k` appears as
  /// ``Prose/placeholder(_:)`` and is replaced by its value when the page is rendered.
  public var html: String {
    blocks.map(\.html).joined()
  }

  /// The formulas of the prose, in order.
  public var math: [MathSpan] {
    blocks.flatMap(\.math)
  }

  /// Whether the prose has math, which a page typesets with KaTeX.
  public var hasMath: Bool {
    blocks.contains { !$0.math.isEmpty }
  }

  /// The text standing for inline expression `index` in ``html``: private-use characters that
  /// cmark passes through untouched and that no escaping changes.
  public static func placeholder(_ index: Int) -> String {
    "\u{E000}\(index)\u{E001}"
  }
}
