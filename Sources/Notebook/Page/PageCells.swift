import Foundation
import LabRecords
import Plots

/// The cells of a page: code, outputs, figures, tables, checks, error panels and a line of facts.
extension PageBuilder {
  /// A cell: its code (unless `echo: false`; folded with `fold: true`), its output (unless
  /// `output: false`; checks are always shown), its errors, and a muted line with its label,
  /// Markdown lines, run time, memo and progress notes.
  mutating func cell(_ cell: Cell, output: CellOutput, diagnostics: [Diagnostic]) -> HTML {
    var content = HTML()
    if let (id, role) = cell.options.exerciseRole {
      let head: String
      switch role {
      case .exercise: head = "Exercise \(id)"
      case .solution: head = "Solution to exercise \(id)"
      case .grade:
        let points = cell.options.points ?? 1
        head =
          "How exercise \(id) is graded (\(GradeReport.number(points)) "
          + (points == 1 ? "point)" : "points)")
      }
      content += .element("p", ["class": "exercise-head \(role.rawValue)"], text: head)
    }
    if cell.options.echo {
      let code = HTML.element(
        "pre", [:],
        .element("code", ["class": "language-swift"], SyntaxHighlighter().highlight(cell.code)))
      content +=
        cell.options.fold
        ? .element(
          "details", ["class": "code-fold"],
          .element("summary", [:], text: cell.options.solution != nil ? "Solution" : "Code") + code)
        : code
    }
    content += outputBox(cell, output: output, stderr: true)
    content += errorPanels(cell, output: output, diagnostics: diagnostics)
    content += meta(cell, output: output)
    return .element("section", ["class": "cell", "id": Self.anchor(cell)], content)
  }

  /// The cell's output box: what it printed (standard error too, with `stderr`, unless it
  /// failed: the error panel shows it) and its items, unless `output: false`; check badges
  /// always. Empty when there is nothing.
  mutating func outputBox(_ cell: Cell, output: CellOutput, stderr: Bool) -> HTML {
    var parts = HTML()
    if cell.options.output {
      if !output.stdout.isEmpty {
        parts += .element("pre", ["class": "stdout"], text: output.stdout)
      }
      if stderr && !output.stderr.isEmpty && output.error == nil {
        parts += .element("pre", ["class": "stderr"], text: output.stderr)
      }
    }
    for item in output.items {
      if case .check = item {
        parts += self.item(item, cell: cell)
      } else if cell.options.output {
        parts += self.item(item, cell: cell)
      }
    }
    return parts.markup.isEmpty ? HTML() : .element("div", ["class": "output"], parts)
  }

  /// The compiler's errors in the cell, and the error it stopped with, each with its Markdown
  /// file and line; an expected error (`error: true`) is marked as such.
  func errorPanels(_ cell: Cell, output: CellOutput, diagnostics: [Diagnostic]) -> HTML {
    var panels = HTML()
    let errors = diagnostics.filter { $0.severity == "error" }
    if !errors.isEmpty {
      let head = "\(cell.displayName) does not compile (\(fileName):\(errors[0].line))"
      panels += panel(
        head: head, text: errors.map { display($0.description) }.joined(separator: "\n"),
        expected: false)
    }
    if let error = output.error {
      var text = error
      if !output.stderr.isEmpty && !error.contains(output.stderr) {
        text = output.stderr.trimmingCharacters(in: .newlines)
      }
      let location = "\(fileName):\(cell.fenceLine)"
      let head =
        cell.options.error
        ? "\(cell.displayName) failed, as expected (error: true; \(location))"
        : "\(cell.displayName) failed (\(location))"
      panels += panel(head: head, text: display(text), expected: cell.options.error)
    }
    return panels
  }

  /// An error panel: a heading naming the cell and its Markdown line, then the message; a
  /// stack trace after the message is folded away.
  func panel(head: String, text: String, expected: Bool) -> HTML {
    var content = HTML.element("div", ["class": "error-head"], text: head)
    if let trace = text.range(of: "\nCurrent stack trace:") {
      content +=
        .element("pre", [:], text: String(text[..<trace.lowerBound]))
        + .element(
          "details", ["class": "stack-trace"],
          .element("summary", [:], text: "Stack trace")
            + .element(
              "pre", [:],
              text: String(text[trace.upperBound...]).trimmingCharacters(
                in: .newlines)))
    } else {
      content += .element("pre", [:], text: text)
    }
    return .element(
      "div", ["class": expected ? "error-panel expected" : "error-panel", "role": "alert"],
      content)
  }

  /// The cell's muted line: label, Markdown lines, and run time or why it did not run. Memo
  /// results and progress are the author's log, not the reader's: they go to the run log in the
  /// page's appendix (``footer()``).
  func meta(_ cell: Cell, output: CellOutput) -> HTML {
    var notes: [HTML] = [
      .element("a", ["href": "#\(Self.anchor(cell))"], text: cell.displayName),
      .element(
        "span", [:], text: "\(fileName):\(cell.span.lowerBound)\u{2013}\(cell.span.upperBound)"),
    ]
    if let seconds = output.seconds {
      notes.append(.element("span", [:], text: "ran in \(Self.duration(seconds))"))
    } else if !cell.options.eval {
      notes.append(.element("span", [:], text: "not run (eval: false)"))
    } else if !output.started {
      notes.append(.element("span", [:], text: "not run"))
    }
    return .element("div", ["class": "cell-meta"], .joined(notes))
  }

  /// One shown value, table, figure or check (memo notes and progress go to the cell's line).
  mutating func item(_ item: OutputItem, cell: Cell) -> HTML {
    switch item {
    case .shown(let label, let text):
      let prefix = label.map { HTML.element("span", ["class": "label"], text: $0 + ": ") } ?? HTML()
      return .element("pre", ["class": "shown"], prefix + .text(text))
    case .table(let table):
      return Self.table(table, caption: table.caption ?? cell.options.caption)
    case .plot(let plot):
      return figure(plot, cell: cell)
    case .check(let check):
      return self.check(check)
    case .memo, .progress, .seeds:
      return HTML()
    }
  }

  /// A numbered figure: the plot as inline SVG in a wide and a narrow layout, of which the page
  /// shows the one that fits (``SVGRenderer/renderResponsive(_:id:)``; their `<title>` and
  /// `<desc>` carry the alt text), and the caption "Figure n: …".
  mutating func figure(_ plot: PlotRecord, cell: Cell) -> HTML {
    figures += 1
    var spec = plot.spec
    spec.alt = plot.alt ?? cell.options.alt ?? spec.alt
    let svg = SVGRenderer().renderResponsive(spec, id: "\(Self.anchor(cell))-fig\(figures)")
    var caption = "Figure \(figures)"
    if let text = plot.caption ?? cell.options.caption { caption += ": " + text }
    return .element(
      "figure", ["class": "plot", "id": uniqueID("fig-\(figures)")],
      .trusted(svg) + .element("figcaption", [:], text: caption))
  }

  /// A check badge: pass or fail, the claim, the measured numbers and the Markdown line; its id
  /// (``ClaimsPage/anchors(of:)``) is what the course's claims page links to.
  mutating func check(_ check: CheckRecord) -> HTML {
    let file = check.file.split(separator: "/").last.map(String.init) ?? check.file
    let badge =
      check.passed
      ? "\u{2713} pass" : check.enforced ? "\u{2717} fail" : "\u{25CB} not enforced in this profile"
    var content =
      HTML.element("span", ["class": "badge"], text: badge)
      + .element("span", ["class": "claim"], text: check.claim)
    if !check.measured.isEmpty {
      content += .element("span", ["class": "measured"], text: check.measured)
    }
    content += .element("span", ["class": "where"], text: "\(file):\(check.line)")
    return .element(
      "div",
      [
        "class": check.passed ? "check pass" : check.enforced ? "check fail" : "check unenforced",
        "data-line": "\(check.line)",
        "id": checkAnchor(),
      ],
      content)
  }

  /// The next check badge's id, as ``ClaimsPage/anchors(of:)`` gave it out (reserved when the
  /// page began, so no heading takes it).
  mutating func checkAnchor() -> String {
    defer { checksRendered += 1 }
    return checkAnchors.indices.contains(checksRendered)
      ? checkAnchors[checksRendered] : uniqueID("check-extra-\(checksRendered)")
  }

  /// A table, numeric columns right-aligned, short rows padded, scrolling sideways on a phone.
  static func table(_ table: TableRecord, caption: String?) -> HTML {
    func isNumeric(_ column: Int) -> Bool {
      table.numeric.indices.contains(column) && table.numeric[column]
    }
    var content = caption.map { HTML.element("caption", [:], text: $0) } ?? HTML()
    let header = table.columns.indices.map { column -> HTML in
      isNumeric(column)
        ? .element("th", ["class": "num"], text: table.columns[column])
        : .element("th", [:], text: table.columns[column])
    }
    content += .element("thead", [:], .element("tr", [:], .joined(header)))
    let width = max(table.columns.count, table.rows.map(\.count).max() ?? 0)
    let rows = table.rows.map { row -> HTML in
      let cells = (0..<width).map { column -> HTML in
        let text = column < row.count ? Self.groupingThousands(row[column]) : ""
        if isNumeric(column) { return .element("td", ["class": "num"], text: text) }
        return Self.keepsOnOneLine(text)
          ? .element("td", ["class": "nowrap"], text: text) : .element("td", [:], text: text)
      }
      return .element("tr", [:], .joined(cells))
    }
    content += .element("tbody", [:], .joined(rows))
    return .element("div", ["class": "table-wrap"], .element("table", [:], content))
  }

  /// A table cell's text with every whole number of five or more digits grouped in thousands
  /// (`266200` reads `266,200`, `12345.6` reads `12,345.6`; the digits of `0.123456`, `1e12345`
  /// and hashes stay as they are).
  static func groupingThousands(_ text: String) -> String {
    guard text.contains(where: \.isNumber) else { return text }
    let characters = Array(text)
    var result = ""
    var index = 0
    while index < characters.count {
      let character = characters[index]
      guard character.isASCII, character.isNumber else {
        result.append(character)
        index += 1
        continue
      }
      var end = index
      while end < characters.count, characters[end].isASCII, characters[end].isNumber { end += 1 }
      let digits = String(characters[index..<end])
      let before = index > 0 ? characters[index - 1] : " "
      let after = end < characters.count ? characters[end] : " "
      // Part of a word or hash, a decimal fraction or an exponent: left alone.
      let exponent = (before == "-" || before == "+") && index >= 2 && characters[index - 2].isLetter
      let embedded =
        before.isLetter || before == "." || before == "_" || exponent || after.isLetter
        || after == "_"
      if digits.count >= 5 && !embedded {
        var grouped = ""
        for (offset, digit) in digits.enumerated() {
          if offset > 0 && (digits.count - offset) % 3 == 0 { grouped.append(",") }
          grouped.append(digit)
        }
        result += grouped
      } else {
        result += digits
      }
      index = end
    }
    return result
  }

  /// Whether a table cell's text is a short range or duration that should not break across
  /// lines (`97.1–97.5%`, `3 min 05 s`).
  static func keepsOnOneLine(_ text: String) -> Bool {
    guard text.count <= 32, text.contains(where: \.isNumber) else { return false }
    return text.contains("\u{2013}") || text.hasSuffix(" s") || text.hasSuffix(" min")
      || text.contains("\u{00B1}")
  }

  /// Seconds as a page shows them: `0.042 s`, `1.3 s`, `42 s`, `3 min 05 s`.
  static func duration(_ seconds: Double) -> String {
    switch seconds {
    case ..<0.0005: return "< 0.001 s"
    case ..<0.1: return String(format: "%.3f s", seconds)
    case ..<10: return String(format: "%.1f s", seconds)
    case ..<120: return String(format: "%.0f s", seconds)
    default:
      let whole = Int(seconds.rounded())
      return String(format: "%d min %02d s", whole / 60, whole % 60)
    }
  }
}
