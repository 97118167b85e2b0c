/// The course index, `index.html`: every lesson in order with its summary and status.
extension HTMLRenderer {
  /// Renders the course index: every lesson in order, with its summary and check status.
  public func renderIndex(_ site: Site) -> String {
    renderedIndex(site).html
  }

  /// Renders the course index with what it needs beside its HTML (KaTeX's stylesheet and fonts
  /// for the formulas of the introduction and the summaries).
  public func renderedIndex(_ site: Site) -> RenderedPage {
    var formulas = Set<Formula>()
    let items = site.entries.map { entry -> HTML in
      let grades = entry.gradeCounts
      let state = Site.statusClass(
        passed: entry.passed, failed: entry.failed, gradesPassed: grades.passed,
        gradesFailed: grades.failed, broken: entry.broken)
      var item = HTML.element(
        "div", ["class": "lesson-head"],
        .element("a", ["class": "lesson-title", "href": entry.file], text: entry.title)
          + .element(
            "span", ["class": "status \(state)"],
            text: Site.statusText(
              passed: entry.passed, failed: entry.failed, gradesPassed: grades.passed,
              gradesFailed: grades.failed, broken: entry.broken)))
      if !entry.summary.isEmpty {
        let summary = math.typesetting(
          entry.summary, formulas: entry.summaryMath, into: &formulas)
        item += .element("p", ["class": "summary"], .trusted(summary))
      }
      return .element("li", [:], item)
    }
    let total = site.entries.reduce(
      into: (passed: 0, failed: 0, gradesPassed: 0, gradesFailed: 0, broken: 0)
    ) { sum, entry in
      let grades = entry.gradeCounts
      sum.passed += entry.passed
      sum.failed += entry.failed
      sum.gradesPassed += grades.passed
      sum.gradesFailed += grades.failed
      sum.broken += entry.broken ? 1 : 0
    }
    var overview = "\(site.entries.count) \(site.entries.count == 1 ? "lesson" : "lessons"); "
    overview += Site.statusText(
      passed: total.passed, failed: total.failed, gradesPassed: total.gradesPassed,
      gradesFailed: total.gradesFailed, broken: false)
    if total.broken > 0 { overview += "; \(total.broken) failed to run" }
    let overviewState = Site.statusClass(
      passed: total.passed, failed: total.failed, gradesPassed: total.gradesPassed,
      gradesFailed: total.gradesFailed, broken: total.broken > 0)
    // The claims link counts claims alone, and so does its colour.
    let state = Site.statusClass(
      passed: total.passed, failed: total.failed, broken: total.broken > 0)
    let claimCount = total.passed + total.failed
    var main = HTML.element("h1", [:], text: site.title)
    if !site.introduction.isEmpty {
      let introduction = math.typesetting(
        site.introduction, formulas: site.introductionMath, into: &formulas)
      main += .element("div", ["class": "introduction"], .trusted(introduction))
    }
    var about = HTML.text(
      "\(site.entries.count) \(site.entries.count == 1 ? "lesson" : "lessons")")
    if !site.runDays.isEmpty {
      about += .text(", every number computed by runs of \(site.runDays)")
    }
    about += .text(". ")
    if claimCount > 0 {
      about +=
        .element(
          "strong", ["class": "status \(state)"],
          text: "\(total.passed) of \(claimCount) \(claimCount == 1 ? "claim holds" : "claims hold")")
        + .text(" in this render: ")
        + .element("a", ["href": ClaimsPage.file], text: "every claim and what it measured")
        + .text(".")
    }
    main += .element("p", ["class": "claims-link"], about)
    main += .element("ol", ["class": "lessons"], .joined(items))
    let body =
      HTML.element("a", ["class": "skip", "href": "#content"], text: "Skip to the lessons")
      + .element(
        "header", ["class": "topbar"],
        .element("span", [:], text: "Course index")
          + .element("span", ["class": "status \(overviewState)"], text: overview))
      + .element("div", ["class": "page"], .element("main", ["id": "content"], main))
    return framed(title: site.title, body: body, formulas: formulas)
  }
}
