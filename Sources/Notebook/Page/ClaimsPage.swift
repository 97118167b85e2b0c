import LabRecords

/// The course's claims page, `claims.html`: every check of every lesson with its claim, the
/// numbers it measured and its status, each linked to its badge on the lesson page.
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
  /// Renders the claims page of `site`: one table row per check, lesson by lesson.
  public func renderClaims(_ site: Site) -> String {
    var rows: [HTML] = []
    var passed = 0
    var failed = 0
    var unenforced = 0
    for entry in site.entries {
      for (check, anchor) in zip(entry.checks, ClaimsPage.anchors(of: entry.checks)) {
        let status = ClaimsPage.status(check)
        if check.passed {
          passed += 1
        } else if check.enforced {
          failed += 1
        } else {
          unenforced += 1
        }
        rows.append(
          .element(
            "tr", [:],
            .element("td", [:], .element("a", ["href": entry.file], text: entry.title))
              + .element("td", [:], text: check.claim)
              + .element("td", ["class": "measured"], text: check.measured)
              + .element(
                "td", [:], .element("span", ["class": "status \(status.css)"], text: status.text))
              + .element(
                "td", [:],
                .element(
                  "a", ["href": "\(entry.file)#\(anchor)"],
                  text:
                    "\(check.file.split(separator: "/").last.map(String.init) ?? check.file):\(check.line)"
                ))
          ))
      }
    }
    let total = passed + failed + unenforced
    var overview = "\(passed) of \(total) \(total == 1 ? "claim holds" : "claims hold")"
    if failed > 0 { overview += "; \(failed) failed" }
    if unenforced > 0 { overview += "; \(unenforced) not enforced in this profile" }
    let state = failed > 0 ? "fail" : passed > 0 ? "pass" : "none"
    let header = HTML.element(
      "thead", [:],
      .element(
        "tr", [:],
        .joined(
          ["lesson", "claim", "measured", "status", "where"].map {
            HTML.element("th", [:], text: $0)
          })))
    let table = HTML.element(
      "div", ["class": "table-wrap"],
      .element(
        "table", ["class": "claims"],
        .element(
          "caption", [:],
          text: "Every check of the course, as measured in this render; each links to its cell.")
          + header + .element("tbody", [:], .joined(rows))))
    let main =
      HTML.element("h1", [:], text: "Claims")
      + .element(
        "p", [:],
        .text(
          "Every sentence of the course that states a measured result is computed from the runs "
            + "or stands beside one of these checks. A failing enforced check makes ")
          + .element("code", [:], text: "ticketbook render") + .text(" and ")
          + .element("code", [:], text: "ticketbook check") + .text(" exit with an error."))
      + table
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
