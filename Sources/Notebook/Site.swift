import LabRecords

/// One lesson of the course as the index and the previous/next links see it.
public struct SiteEntry: Equatable, Sendable {
  /// The lesson's name, `02-lottery`.
  public var name: String
  /// Its title.
  public var title: String
  /// Its first paragraph as HTML (cmark's inline markup, escaped inline values).
  public var summary: String
  /// Checks passed.
  public var passed: Int
  /// Checks failed.
  public var failed: Int
  /// Whether its run failed (compile error, crash, time-out).
  public var broken: Bool
  /// Every check of the lesson, in page order (for the course's claims page).
  public var checks: [CheckRecord]

  /// Creates an entry.
  public init(
    name: String, title: String, summary: String = "", passed: Int, failed: Int, broken: Bool,
    checks: [CheckRecord] = []
  ) {
    self.name = name
    self.title = title
    self.summary = summary
    self.passed = passed
    self.failed = failed
    self.broken = broken
    self.checks = checks
  }

  /// The entry of a rendered lesson: its title, first paragraph and check counts.
  public init(page: LessonPage) {
    let counts = page.checkCounts
    self.init(
      name: page.lesson.name, title: page.lesson.title, summary: PageBuilder.summary(of: page),
      passed: counts.passed, failed: counts.failed, broken: page.run.failure != nil,
      checks: page.run.checks)
  }

  /// The page's file name, `02-lottery.html`.
  public var file: String { name + ".html" }
}

/// The course: its lessons in order, for the index and every page's previous/next links.
public struct Site: Equatable, Sendable {
  /// The lessons, in course order (file-name order).
  public var entries: [SiteEntry]

  /// Creates a site; an empty site gives pages without previous/next links.
  public init(entries: [SiteEntry] = []) {
    self.entries = entries
  }

  /// The position of lesson `name`, if it is part of the site.
  public func position(of name: String) -> Int? {
    entries.firstIndex { $0.name == name }
  }

  /// The status's CSS class: `fail` when the run failed or a check failed, `pass` when every
  /// check passed, `none` when there are no checks.
  static func statusClass(passed: Int, failed: Int, broken: Bool) -> String {
    broken || failed > 0 ? "fail" : passed > 0 ? "pass" : "none"
  }

  /// `3 of 4 checks pass`, `no checks`, prefixed with `failed to run; ` when the run failed.
  static func statusText(passed: Int, failed: Int, broken: Bool) -> String {
    let total = passed + failed
    let checks =
      total == 0
      ? "no checks" : "\(passed) of \(total) \(total == 1 ? "check passes" : "checks pass")"
    return broken ? "failed to run; " + checks : checks
  }
}

extension HTMLRenderer {
  /// Renders the course index: every lesson in order, with its summary and check status.
  public func renderIndex(_ site: Site) -> String {
    let items = site.entries.map { entry -> HTML in
      let state = Site.statusClass(passed: entry.passed, failed: entry.failed, broken: entry.broken)
      var item = HTML.element(
        "div", ["class": "lesson-head"],
        .element("a", ["class": "lesson-title", "href": entry.file], text: entry.title)
          + .element(
            "span", ["class": "status \(state)"],
            text: Site.statusText(passed: entry.passed, failed: entry.failed, broken: entry.broken)
          ))
      if !entry.summary.isEmpty {
        item += .element("p", ["class": "summary"], .trusted(entry.summary))
      }
      return .element("li", [:], item)
    }
    let total = site.entries.reduce(into: (passed: 0, failed: 0, broken: 0)) { sum, entry in
      sum.passed += entry.passed
      sum.failed += entry.failed
      sum.broken += entry.broken ? 1 : 0
    }
    var overview = "\(site.entries.count) \(site.entries.count == 1 ? "lesson" : "lessons"); "
    overview += Site.statusText(passed: total.passed, failed: total.failed, broken: false)
    if total.broken > 0 { overview += "; \(total.broken) failed to run" }
    let state = Site.statusClass(
      passed: total.passed, failed: total.failed, broken: total.broken > 0)
    let claimCount = total.passed + total.failed
    var main = HTML.element("h1", [:], text: "Lessons")
    if claimCount > 0 {
      main += .element(
        "p", ["class": "claims-link"],
        .text("\(total.passed) of \(claimCount) claims of the course hold in this render: ")
          + .element("a", ["href": ClaimsPage.file], text: "every claim and what it measured")
          + .text("."))
    }
    main += .element("ol", ["class": "lessons"], .joined(items))
    let body =
      HTML.element("a", ["class": "skip", "href": "#content"], text: "Skip to the lessons")
      + .element(
        "header", ["class": "topbar"],
        .element("span", [:], text: "Course index")
          + .element("span", ["class": "status \(state)"], text: overview))
      + .element("div", ["class": "page"], .element("main", ["id": "content"], main))
    return document(title: "Lessons", body: body)
  }
}
