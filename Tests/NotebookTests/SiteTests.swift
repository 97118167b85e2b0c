import Foundation
import Testing

@testable import Notebook

struct SiteTests {
  func entry(_ name: String, passed: Int = 0, failed: Int = 0, broken: Bool = false) -> SiteEntry {
    SiteEntry(
      name: name, title: "Title \(name)", summary: "About <em>\(name)</em>.", passed: passed,
      failed: failed, broken: broken)
  }

  @Test func statusTextCountsClaimsAndNamesFailedRuns() {
    #expect(Site.statusText(passed: 1, failed: 1, broken: false) == "1 of 2 claims hold")
    #expect(Site.statusText(passed: 1, failed: 0, broken: false) == "1 of 1 claim holds")
    #expect(Site.statusText(passed: 0, failed: 0, broken: true) == "failed to run; no claims")
  }

  @Test func statusTextAppendsGradeChecksWhenThereAreAny() {
    #expect(
      Site.statusText(passed: 2, failed: 0, gradesPassed: 5, gradesFailed: 0, broken: false)
        == "2 of 2 claims hold; 5 of 5 grade checks pass")
    #expect(
      Site.statusText(passed: 1, failed: 0, gradesPassed: 1, gradesFailed: 0, broken: false)
        == "1 of 1 claim holds; 1 of 1 grade check passes")
    #expect(
      Site.statusText(passed: 0, failed: 0, gradesPassed: 4, gradesFailed: 1, broken: true)
        == "failed to run; no claims; 4 of 5 grade checks pass")
  }

  @Test func statusClassCountsGradeChecksToo() {
    #expect(Site.statusClass(passed: 0, failed: 0, broken: false) == "none")
    #expect(Site.statusClass(passed: 0, failed: 0, gradesPassed: 3, broken: false) == "pass")
    #expect(
      Site.statusClass(passed: 2, failed: 0, gradesPassed: 1, gradesFailed: 1, broken: false)
        == "fail")
    #expect(Site.statusClass(passed: 2, failed: 1, gradesPassed: 1, broken: false) == "fail")
    #expect(Site.statusClass(passed: 2, failed: 0, gradesPassed: 1, broken: true) == "fail")
  }

  @Test func pagesLinkToTheirNeighboursAndTheFirstAndLastHaveOneLink() throws {
    let site = Site(entries: [entry("01-a"), entry("02-b"), entry("03-c")])
    func page(_ name: String) throws -> String {
      let lesson = try LessonParser().parse("# \(name)\n", path: "lessons/\(name).md")
      return PageFixtures.renderer.render(
        LessonPage(lesson: lesson, run: .empty(for: lesson), profile: .quick), site: site)
    }
    let first = try page("01-a")
    #expect(!first.contains("rel=\"prev\""))
    #expect(
      first.contains(
        "<a class=\"next\" rel=\"next\" href=\"02-b.html\"><span class=\"dir\">Next →</span>Title 02-b</a>"
      ))
    #expect(first.contains("Lesson 1 of 3"))
    let middle = try page("02-b")
    #expect(middle.contains("rel=\"prev\" href=\"01-a.html\""))
    #expect(middle.contains("rel=\"next\" href=\"03-c.html\""))
    let last = try page("03-c")
    #expect(last.contains("rel=\"prev\" href=\"02-b.html\"") && !last.contains("rel=\"next\""))
    // A page outside the site has no pager.
    #expect(!(try page("99-z")).contains("class=\"pager\""))
  }

  @Test func indexListsLessonsInOrderWithSummariesAndStatus() {
    let html = PageFixtures.renderer.renderIndex(
      Site(entries: [
        entry("01-a", passed: 2), entry("02-b", passed: 1, failed: 1),
        entry("03-c", broken: true),
      ]))
    let a = html.range(of: "href=\"01-a.html\"")
    let b = html.range(of: "href=\"02-b.html\"")
    let c = html.range(of: "href=\"03-c.html\"")
    #expect(a != nil && b != nil && c != nil)
    if let a, let b, let c { #expect(a.lowerBound < b.lowerBound && b.lowerBound < c.lowerBound) }
    #expect(html.contains("<span class=\"status pass\">2 of 2 claims hold</span>"))
    #expect(html.contains("<span class=\"status fail\">1 of 2 claims hold</span>"))
    #expect(html.contains("<span class=\"status fail\">failed to run; no claims</span>"))
    #expect(html.contains("<p class=\"summary\">About <em>01-a</em>.</p>"))
    #expect(html.contains("3 lessons; 3 of 4 claims hold; 1 failed to run"))
  }

  @Test func entryOfAPageTakesTitleSummaryAndCounts() throws {
    let page = try PageFixtures.page()
    let entry = SiteEntry(page: page)
    #expect(entry.name == "02-pruning")
    #expect(entry.file == "02-pruning.html")
    #expect(entry.passed == 1 && entry.failed == 1 && entry.broken)
    #expect(entry.summary.hasPrefix("Magnitude pruning keeps"))
  }

  @Test func writeSiteAddsNavigationToEveryPageAndWritesTheIndex() throws {
    let directory = try TestSupport.temporaryDirectory()
    let output = directory + "/output"
    try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
    for name in ["01-a", "02-b"] {
      let lesson = try LessonParser().parse(
        "# Lesson \(name)\n\nSummary of \(name).\n", path: "lessons/\(name).md")
      let page = LessonPage(lesson: lesson, run: .empty(for: lesson), profile: .quick)
      try CanonicalJSON.encode(page).write(to: URL(fileURLWithPath: "\(output)/\(name).json"))
    }
    let pipeline = TestSupport.pipelineWithoutLab(in: directory)
    pipeline.writeSite()
    let first = TestSupport.read(output + "/01-a.html")
    #expect(first.contains("rel=\"next\" href=\"02-b.html\""))
    #expect(TestSupport.read(output + "/02-b.html").contains("rel=\"prev\" href=\"01-a.html\""))
    let index = TestSupport.read(output + "/index.html")
    #expect(index.contains("Summary of 01-a."))
    // Writing again changes nothing.
    pipeline.writeSite()
    #expect(TestSupport.read(output + "/01-a.html") == first)
  }
}
