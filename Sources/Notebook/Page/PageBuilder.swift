import Foundation

/// Builds the body of one lesson page: keeps the figure count and the ids already used.
struct PageBuilder {
  let page: LessonPage
  /// The lesson file's name without directories, as messages on the page show it.
  let fileName: String
  /// Figures numbered so far.
  var figures = 0
  /// Every id given out on the page, so headings never collide with cells or figures.
  var usedIDs: Set<String> = []
  /// The headings of the prose, in order, for the table of contents.
  var headings: [Heading] = []
  /// The ids of the page's check badges, in page order: the ones the claims page links to.
  let checkAnchors: [String]
  /// Check badges rendered so far.
  var checksRendered = 0
  /// The typeset formulas the prose's formulas are replaced by.
  let math: TypesetMath
  /// The formulas put on the page so far (typeset or shown as TeX): what the page needs of
  /// KaTeX comes from these.
  var formulas: Set<Formula> = []

  init(page: LessonPage, math: TypesetMath = TypesetMath()) {
    self.page = page
    self.math = math
    fileName = page.lesson.path.split(separator: "/").last.map(String.init) ?? page.lesson.path
    checkAnchors = ClaimsPage.anchors(of: page.run.checks)
    usedIDs = Set(page.lesson.cells.map(Self.anchor))
    usedIDs.formUnion(["content", "run-facts"])
    usedIDs.formUnion(checkAnchors)
  }

  /// Top bar, table of contents, the lesson, previous/next links and the run's facts.
  mutating func body(site: Site) -> HTML {
    let lesson = page.lesson
    var parts: [String] = []
    // The lesson's failure goes right under its title: the first prose's first `<h1>`, else the
    // title written above the lesson when the prose has no heading, else the top of the page.
    let problems = lessonProblems()
    var placedProblems = false
    for (position, block) in lesson.blocks.enumerated() {
      switch block {
      case .prose(let prose):
        let rendered = self.prose(prose, underTitle: position == 0 ? problems : nil)
        parts.append(rendered.html.markup)
        placedProblems = placedProblems || rendered.placed
      case .code(let code):
        parts.append(
          HTML.element(
            "pre", [:], .element("code", ["class": "language-\(code.language)"], text: code.text)
          ).markup)
      case .cell(let cell):
        // The student edition hides a solution whole (no code, no output): no trace of it on
        // the page either.
        if cell.options.solution != nil && !cell.options.echo && !cell.options.output { continue }
        let output =
          page.run.cells.indices.contains(cell.index)
          ? page.run.cells[cell.index] : CellOutput(index: cell.index)
        parts.append(
          self.cell(
            cell, output: output,
            diagnostics: page.run.diagnostics.filter { $0.cell == cell.index }
          ).markup)
      }
    }
    if headings.isEmpty {
      parts.insert((HTML.element("h1", [:], text: lesson.title) + problems).markup, at: 0)
    } else if !placedProblems {
      parts.insert(problems.markup, at: 0)
    }
    var main = HTML.trusted(parts.joined())
    let position = site.position(of: lesson.name)
    main += pager(site: site, position: position)
    main += footer()
    let toc = tableOfContents()
    let counts = page.checkCounts
    let grades = page.gradeCounts
    let broken = page.run.failure != nil
    let state = Site.statusClass(
      passed: counts.passed, failed: counts.failed, gradesPassed: grades.passed,
      gradesFailed: grades.failed, broken: broken)
    var crumbs = HTML.element("a", ["href": "index.html"], text: "\u{2190} All lessons")
    if let position {
      crumbs += .text(" \u{00B7} Lesson \(position + 1) of \(site.entries.count)")
    }
    let topbar = HTML.element(
      "header", ["class": "topbar"],
      .element("nav", ["aria-label": "Course"], crumbs)
        + .element(
          "span", ["class": "status \(state)"],
          text: Site.statusText(
            passed: counts.passed, failed: counts.failed, gradesPassed: grades.passed,
            gradesFailed: grades.failed, broken: broken)))
    return .element("a", ["class": "skip", "href": "#content"], text: "Skip to the lesson")
      + topbar
      + .element(
        "div", ["class": toc.markup.isEmpty ? "page" : "page with-toc"],
        toc + .element("main", ["id": "content"], main))
  }

  /// The lesson-wide failure and the compiler errors outside any cell, at the top of the page.
  func lessonProblems() -> HTML {
    var problems = HTML()
    if let failure = page.run.failure {
      var text = display(failure.message)
      if let cell = failure.cell, page.lesson.cells.indices.contains(cell) {
        text += "\n(see \(page.lesson.cells[cell].displayName) below)"
      }
      problems += .element("div", ["class": "failure", "role": "alert"], text: text)
    }
    let outside = page.run.diagnostics.filter { $0.cell == nil && $0.severity == "error" }
    if !outside.isEmpty {
      problems += .element(
        "div", ["class": "failure", "role": "alert"],
        text: outside.map { display($0.description) }.joined(separator: "\n"))
    }
    return problems
  }

  /// A message with the lesson's path shortened to its file name, so a page does not depend on
  /// where the course was checked out.
  func display(_ message: String) -> String {
    let path = page.lesson.path
    guard path != fileName, !path.isEmpty else { return message }
    return message.replacingOccurrences(of: path, with: fileName)
  }

  /// The cell's anchor: `cell-<label>` or `cell-<n>`.
  static func anchor(_ cell: Cell) -> String {
    guard let label = cell.options.label else { return "cell-\(cell.index + 1)" }
    let slug = label.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
    return "cell-" + slug
  }

  /// An id not used yet on the page: `base`, else `base-2`, `base-3`, …
  mutating func uniqueID(_ base: String) -> String {
    var id = base
    var suffix = 2
    while usedIDs.contains(id) {
      id = "\(base)-\(suffix)"
      suffix += 1
    }
    usedIDs.insert(id)
    return id
  }
}
