import LabRecords
import Plots

/// A lesson with its run: what a page and its JSON twin are made from.
public struct LessonPage: Codable, Equatable, Sendable {
  /// The parsed lesson.
  public var lesson: Lesson
  /// Its outputs.
  public var run: LessonRun
  /// The profile it ran in.
  public var profile: Profile

  /// Creates a page.
  public init(lesson: Lesson, run: LessonRun, profile: Profile) {
    self.lesson = lesson
    self.run = run
    self.profile = profile
  }

  /// How many checks passed and failed.
  public var checkCounts: (passed: Int, failed: Int) {
    let checks = run.checks
    return (checks.filter(\.passed).count, checks.filter(\.failed).count)
  }
}

/// Renders lesson pages and the course index as plain, self-contained HTML.
///
/// Every piece of text from a lesson run is escaped through ``HTML``; only cmark's prose HTML and
/// the plot renderer's SVG are inserted as trusted markup. Output is deterministic: the same page
/// gives the same bytes.
public struct HTMLRenderer: Sendable {
  /// Creates a renderer.
  public init() {}

  /// The stylesheet inlined into every page.
  static let style = """
    body{font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#222}
    pre{background:#f6f6f6;padding:.6rem;overflow-x:auto}
    .output pre{background:#fff;border-left:3px solid #ccc}
    .stderr{color:#8a3b00}
    .check{padding:.2rem .5rem;margin:.3rem 0}
    .pass{background:#e6f4ea}.fail,.error,.failure{background:#fde8e8}
    .error,.failure{padding:.5rem;white-space:pre-wrap;font-family:monospace}
    table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:.2rem .6rem}
    td.num{text-align:right;font-variant-numeric:tabular-nums}
    .inline-value{font-family:monospace}.memo,.progress{color:#666;font-size:.9em}
    @media (prefers-color-scheme:dark){body{background:#111;color:#ddd}pre,.output pre{background:#1b1b1b}
    .pass{background:#12301c}.fail,.error,.failure{background:#3a1414}}
    """

  /// Renders one lesson page.
  public func render(_ page: LessonPage) -> String {
    var body = HTML()
    let hasHeading = page.lesson.blocks.contains { block in
      if case .prose(let prose) = block { return prose.html.contains("<h") }
      return false
    }
    if !hasHeading { body += .element("h1", [:], text: page.lesson.title) }
    if let failure = page.run.failure {
      body += .element("div", ["class": "failure", "role": "alert"], text: failure.message)
    }
    let lessonDiagnostics = page.run.diagnostics.filter { $0.cell == nil && $0.severity == "error" }
    if !lessonDiagnostics.isEmpty {
      body += .element(
        "div", ["class": "error"],
        text: lessonDiagnostics.map(\.description).joined(separator: "\n"))
    }
    var figure = 0
    for block in page.lesson.blocks {
      switch block {
      case .prose(let prose):
        body += proseHTML(prose, inlines: page.run.inlines)
      case .code(let code):
        body += .element(
          "pre", [:], .element("code", ["class": "language-\(code.language)"], text: code.text))
      case .cell(let cell):
        let output =
          page.run.cells.indices.contains(cell.index)
          ? page.run.cells[cell.index] : CellOutput(index: cell.index)
        body += cellHTML(
          cell, output: output, diagnostics: page.run.diagnostics.filter { $0.cell == cell.index },
          figure: &figure)
      }
    }
    return document(title: page.lesson.title, body: body)
  }

  /// One line of the course index.
  public struct IndexEntry: Equatable, Sendable {
    /// The page's file name, `02-lottery.html`.
    public var file: String
    /// The lesson's title.
    public var title: String
    /// Checks passed.
    public var passed: Int
    /// Checks failed.
    public var failed: Int
    /// Whether the lesson's last run failed.
    public var broken: Bool

    /// Creates an entry.
    public init(file: String, title: String, passed: Int, failed: Int, broken: Bool) {
      self.file = file
      self.title = title
      self.passed = passed
      self.failed = failed
      self.broken = broken
    }
  }

  /// Renders the course index: the lessons in order with their check status.
  public func renderIndex(_ entries: [IndexEntry]) -> String {
    let items = entries.map { entry -> HTML in
      var status = "\(entry.passed) of \(entry.passed + entry.failed) checks pass"
      if entry.broken { status = "failed to run; " + status }
      let state = entry.broken || entry.failed > 0 ? "fail" : "pass"
      return .element(
        "li", [:],
        .element("a", ["href": entry.file], text: entry.title) + .text(" ")
          + .element("span", ["class": "check \(state)"], text: status))
    }
    let body =
      HTML.element("h1", [:], text: "Lessons") + .element("ol", [:], .joined(items))
    return document(title: "Lessons", body: body)
  }

  /// The page's frame: doctype, head with inline style, body.
  func document(title: String, body: HTML) -> String {
    let head =
      HTML.void("meta", ["charset": "utf-8"])
      + .void("meta", ["name": "viewport", "content": "width=device-width, initial-scale=1"])
      + .element("title", [:], text: title) + .element("style", [:], .trusted(Self.style))
    let page = HTML.element(
      "html", ["lang": "en"],
      .element("head", [:], head) + .element("body", [:], .element("main", [:], body)))
    return "<!DOCTYPE html>\n" + page.markup + "\n"
  }

  /// cmark's prose HTML with each inline placeholder replaced by its escaped value.
  func proseHTML(_ prose: Prose, inlines: [String?]) -> HTML {
    var markup = prose.html
    for inline in prose.inlines {
      let value = inlines.indices.contains(inline.index) ? inlines[inline.index] : nil
      let replacement =
        value.map { HTML.element("span", ["class": "inline-value"], text: $0) }
        ?? HTML.element(
          "span", ["class": "inline-value missing", "title": inline.expression], text: "?")
      markup = markup.replacingOccurrences(
        of: Prose.placeholder(inline.index), with: replacement.markup)
    }
    return .trusted(markup)
  }

  /// A cell: its code (unless `echo: false`), its output (unless `output: false`), its error.
  func cellHTML(_ cell: Cell, output: CellOutput, diagnostics: [Diagnostic], figure: inout Int)
    -> HTML
  {
    var content = HTML()
    if cell.options.echo {
      let code = HTML.element(
        "pre", [:], .element("code", ["class": "language-swift"], text: cell.code))
      content +=
        cell.options.fold
        ? .element("details", [:], .element("summary", [:], text: "Code") + code) : code
    }
    if cell.options.output {
      var parts = HTML()
      if !output.stdout.isEmpty {
        parts += .element("pre", ["class": "stdout"], text: output.stdout)
      }
      if !output.stderr.isEmpty && output.error == nil {
        parts += .element("pre", ["class": "stderr"], text: output.stderr)
      }
      for item in output.items {
        parts += itemHTML(item, cell: cell, figure: &figure)
      }
      if !parts.markup.isEmpty { content += .element("div", ["class": "output"], parts) }
    }
    let errors = diagnostics.filter { $0.severity == "error" }
    if !errors.isEmpty {
      content += .element(
        "div", ["class": "error", "role": "alert"],
        text: errors.map(\.description).joined(separator: "\n"))
    }
    if let error = output.error {
      var text = error
      if !output.stderr.isEmpty && !error.contains(output.stderr) {
        text = output.stderr.trimmingCharacters(in: .newlines)
      }
      content += .element("div", ["class": "error", "role": "alert"], text: text)
    }
    return .element("section", ["class": "cell", "id": anchor(cell)], content)
  }

  /// One shown value, table, figure, check, memo note or progress line.
  func itemHTML(_ item: OutputItem, cell: Cell, figure: inout Int) -> HTML {
    switch item {
    case .shown(let label, let text):
      let prefix = label.map { HTML.element("span", ["class": "label"], text: $0 + ": ") } ?? HTML()
      return .element("pre", ["class": "shown"], prefix + .text(text))
    case .table(let table):
      return tableHTML(table, caption: table.caption ?? cell.options.caption)
    case .plot(let plot):
      figure += 1
      var spec = plot.spec
      spec.alt = plot.alt ?? cell.options.alt ?? spec.alt
      let svg = SVGRenderer().render(spec, id: "\(anchor(cell))-fig\(figure)")
      var caption = "Figure \(figure)"
      if let text = plot.caption ?? cell.options.caption { caption += ": " + text }
      return .element(
        "figure", [:], .trusted(svg) + .element("figcaption", [:], text: caption))
    case .check(let check):
      let mark =
        check.passed ? "✓ pass" : check.enforced ? "✗ fail" : "○ fails here; enforced in the full profile"
      var text = "\(mark): \(check.claim)"
      if !check.measured.isEmpty { text += " (measured: \(check.measured))" }
      return .element(
        "div", ["class": "check \(check.passed ? "pass" : "fail")", "data-line": "\(check.line)"],
        text: text)
    case .memo(let name, let hit, let seconds):
      let text =
        hit
        ? "memo \(name): stored result reused"
        : "memo \(name): computed in \(LabFormatting.seconds((seconds * 10).rounded() / 10))"
      return .element("div", ["class": "memo"], text: text)
    case .progress(let label, let done, let total):
      return .element("div", ["class": "progress"], text: "\(label): \(done)/\(total)")
    }
  }

  /// A table, with numeric columns right-aligned.
  func tableHTML(_ table: TableRecord, caption: String?) -> HTML {
    var content = caption.map { HTML.element("caption", [:], text: $0) } ?? HTML()
    content += .element(
      "thead", [:],
      .element("tr", [:], .joined(table.columns.map { HTML.element("th", [:], text: $0) })))
    let rows = table.rows.map { row -> HTML in
      let cells = row.indices.map { column -> HTML in
        let numeric = table.numeric.indices.contains(column) && table.numeric[column]
        return numeric
          ? .element("td", ["class": "num"], text: row[column])
          : .element("td", [:], text: row[column])
      }
      return .element("tr", [:], .joined(cells))
    }
    content += .element("tbody", [:], .joined(rows))
    return .element("table", [:], content)
  }

  /// The cell's anchor: `cell-<label>` or `cell-<n>`.
  func anchor(_ cell: Cell) -> String {
    guard let label = cell.options.label else { return "cell-\(cell.index + 1)" }
    let slug = label.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
    return "cell-" + slug
  }
}
