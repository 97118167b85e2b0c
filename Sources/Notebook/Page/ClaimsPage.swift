import LabRecords

/// The course's claims page, `claims.html`: every claim of every lesson with the numbers it
/// measured and its status, each linked to its badge on the lesson page, and apart from them the
/// exercises' grade checks with each grade cell's points.
public enum ClaimsPage {
  /// The page's file name.
  public static let file = "claims.html"

  /// The id a check's badge gets before de-duplication: `check-57` for a check on line 57.
  static func anchorBase(_ check: CheckRecord) -> String { "check-\(check.line)" }

  /// The ids of a page's check badges, in page order: `check-57`, and `check-57-2` for a
  /// second check made on the same line (a check in a loop), as the page renderer assigns them.
  public static func anchors(of checks: [CheckRecord]) -> [String] {
    var used: Set<String> = []
    return checks.map { check in
      let base = anchorBase(check)
      var id = base
      var suffix = 2
      while used.contains(id) {
        id = "\(base)-\(suffix)"
        suffix += 1
      }
      used.insert(id)
      return id
    }
  }

  /// `pass`, `fail` or `not enforced`: a check's status on the claims page.
  static func status(_ check: CheckRecord) -> (text: String, css: String) {
    check.passed ? ("pass", "pass") : check.enforced ? ("fail", "fail") : ("not enforced", "none")
  }
}

extension HTMLRenderer {
  /// Renders the claims page of `site`: one table row per claim, lesson by lesson, and below
  /// them the checks of the exercises' grade cells, which are not claims of the course (in the
  /// instructor's edition they grade the instructor's solutions).
  public func renderClaims(_ site: Site) -> String {
    var claims: [HTML] = []
    var grades: [HTML] = []
    var passed = 0
    var failed = 0
    var unenforced = 0
    var gradesPassed = 0
    var gradesFailed = 0
    struct GradeCell: Equatable {
      var lesson: String
      var exercise: String
      var cell: Int?
    }
    var lastGradeCell: GradeCell?
    for entry in site.entries {
      for listed in entry.checks {
        let check = listed.check
        let status = ClaimsPage.status(check)
        let file = check.file.split(separator: "/").last.map(String.init) ?? check.file
        let lesson = HTML.element("td", [:], .element("a", ["href": entry.file], text: entry.title))
        let rest =
          HTML.element("td", [:], text: check.claim)
          + .element("td", ["class": "measured"], text: check.measured)
          + .element(
            "td", [:], .element("span", ["class": "status \(status.css)"], text: status.text))
          + .element(
            "td", [:],
            .element("a", ["href": "\(entry.file)#\(listed.anchor)"], text: "\(file):\(check.line)")
          )
        if let exercise = listed.exercise {
          if check.passed { gradesPassed += 1 } else if check.enforced { gradesFailed += 1 }
          // A grade cell's points are shown on its first check's row only, so the column adds
          // up to what the exercises are worth.
          let cell = GradeCell(lesson: entry.name, exercise: exercise, cell: listed.cell)
          let points = cell == lastGradeCell ? "" : GradeReport.number(listed.points)
          lastGradeCell = cell
          grades.append(
            .element(
              "tr", [:],
              lesson + .element("td", [:], text: exercise)
                + .element("td", ["class": "num"], text: points)
                + rest))
          continue
        }
        if check.passed {
          passed += 1
        } else if check.enforced {
          failed += 1
        } else {
          unenforced += 1
        }
        claims.append(.element("tr", [:], lesson + rest))
      }
    }
    let total = passed + failed + unenforced
    var overview = "\(passed) of \(total) \(total == 1 ? "claim holds" : "claims hold")"
    if failed > 0 { overview += "; \(failed) failed" }
    if unenforced > 0 { overview += "; \(unenforced) not enforced in this profile" }
    if gradesFailed > 0 {
      overview += "; \(gradesFailed) exercise \(gradesFailed == 1 ? "grade" : "grades") failed"
    }
    let state = failed + gradesFailed > 0 ? "fail" : passed > 0 ? "pass" : "none"
    func table(_ rows: [HTML], columns: [String], caption: String) -> HTML {
      let header = HTML.element(
        "thead", [:],
        .element("tr", [:], .joined(columns.map { HTML.element("th", [:], text: $0) })))
      return .element(
        "div", ["class": "table-wrap"],
        .element(
          "table", ["class": "claims"],
          .element("caption", [:], text: caption) + header
            + .element("tbody", [:], .joined(rows))))
    }
    var main =
      HTML.element("h1", [:], text: "Claims")
      + .element(
        "p", [:],
        .text(
          "Every sentence of the course that states a measured result is computed from the runs "
            + "or stands beside one of these checks. A failing enforced check makes ")
          + .element("code", [:], text: "ticketbook render") + .text(" and ")
          + .element("code", [:], text: "ticketbook check") + .text(" exit with an error."))
      + table(
        claims, columns: ["lesson", "claim", "measured", "status", "where"],
        caption: "Every claim of the course, as measured in this render; each links to its cell.")
    if !grades.isEmpty {
      let count = gradesPassed + gradesFailed
      main +=
        .element("h2", ["id": "exercise-grades"], text: "Exercise grades (instructor's solutions)")
        + .element(
          "p", [:],
          text:
            "The checks of the exercises' grade cells decide a student's grade; they are not "
            + "claims of the course. Here they ran against the instructor's solutions, so each "
            + "must pass: \(gradesPassed) of \(count) passed.")
        + table(
          grades,
          columns: ["lesson", "exercise", "points", "check", "measured", "status", "where"],
          caption: "Every grade check of the course's exercises, as measured in this render.")
    }
    let body =
      HTML.element("a", ["class": "skip", "href": "#content"], text: "Skip to the claims")
      + .element(
        "header", ["class": "topbar"],
        .element(
          "nav", ["aria-label": "Course"],
          .element("a", ["href": "index.html"], text: "\u{2190} All lessons"))
          + .element("span", ["class": "status \(state)"], text: overview))
      + .element("div", ["class": "page"], .element("main", ["id": "content"], main))
    // Every part of the claims page is escaped text: it never has math.
    return document(title: "Claims", body: body)
  }
}
