import Foundation
import Testing

@testable import Notebook

struct ClaimsPageTests {
  /// A lesson with a claim (line 7) and an exercise whose grade cell (worth 2) checks on line 23.
  static let lesson = """
    # Doubling

    Doubling is easy.

    ```swift
    let x = 2
    check(x > 1, "x is above one", measured: "x = \\(x)")
    ```

    ```swift
    //| exercise: double
    let y: Int = { fatalError("exercise double") }()
    ```

    ```swift
    //| solution: double
    let y = 2 * x
    ```

    ```swift
    //| grade: double
    //| points: 2
    check(y == 2 * x, "y doubles x", measured: "y = \\(y)")
    ```

    """

  /// The instructor's page of ``lesson`` with the grade check passing or not.
  static func page(gradePasses: Bool = true) throws -> LessonPage {
    let lesson = try LessonParser().parse(Self.lesson, path: "lessons/01-double.md")
      .edition(.instructor)
    var run = LessonRun.empty(for: lesson)
    run.cells[0].items = [
      .check(
        CheckRecord(
          claim: "x is above one", passed: true, measured: "x = 2", file: "lessons/01-double.md",
          line: 7))
    ]
    run.cells[3].items = [
      .check(
        CheckRecord(
          claim: "y doubles x", passed: gradePasses, measured: gradePasses ? "y = 4" : "y = 5",
          file: "lessons/01-double.md", line: 23))
    ]
    return LessonPage(lesson: lesson, run: run, profile: .full)
  }

  @Test func aGradeCellsChecksAreExerciseGradesNotClaims() throws {
    let page = try Self.page()
    #expect(page.checks.map(\.exercise) == [nil, "double"])
    #expect(page.checks.map(\.points) == [0, 2])
    #expect(page.checks.map(\.anchor) == ["check-7", "check-23"])
    #expect(page.checkCounts == (1, 0))
    let entry = SiteEntry(page: page)
    #expect(entry.passed == 1 && entry.failed == 0)
  }

  @Test func claimsPageListsOnlyClaimsAndTheGradesApart() throws {
    let site = Site(entries: [SiteEntry(page: try Self.page())])
    let html = PageFixtures.renderer.renderClaims(site)
    #expect(html.contains("<span class=\"status pass\">1 of 1 claim holds</span>"))
    let section = try #require(html.range(of: "Exercise grades (instructor&#39;s solutions)"))
    let claims = html[..<section.lowerBound]
    let grades = html[section.upperBound...]
    #expect(claims.contains("<td>x is above one</td>"))
    #expect(!claims.contains("y doubles x"))
    #expect(
      grades.contains(
        "<td>double</td><td class=\"num\">2</td><td>y doubles x</td><td class=\"measured\">y = 4</td>"
      ))
    #expect(grades.contains("href=\"01-double.html#check-23\">01-double.md:23</a>"))
    #expect(grades.contains("1 of 1 passed"))
    #expect(!grades.contains("x is above one"))
    // The index counts the claim alone.
    let index = PageFixtures.renderer.renderIndex(site)
    #expect(index.contains(">1 of 1 claim holds</strong>"))
    #expect(
      index.contains(
        "<span class=\"status pass\">1 of 1 claim holds; 1 of 1 grade check passes</span>"))
    #expect(index.contains("1 lesson; 1 of 1 claim holds; 1 of 1 grade check passes"))
    // So does the lesson page's top bar.
    let lessonPage = PageFixtures.renderer.render(try Self.page(), site: site)
    #expect(
      lessonPage.contains(
        "<span class=\"status pass\">1 of 1 claim holds; 1 of 1 grade check passes</span>"))
  }

  @Test func aFailingGradeIsShownApartAndLeavesTheClaimCountAlone() throws {
    let site = Site(entries: [SiteEntry(page: try Self.page(gradePasses: false))])
    let html = PageFixtures.renderer.renderClaims(site)
    #expect(
      html.contains(
        "<span class=\"status fail\">1 of 1 claim holds; 1 exercise grade failed</span>"))
    #expect(html.contains("0 of 1 passed"))
    let index = PageFixtures.renderer.renderIndex(site)
    #expect(index.contains(">1 of 1 claim holds</strong>"))
    #expect(
      index.contains(
        "<span class=\"status fail\">1 of 1 claim holds; 0 of 1 grade check passes</span>"))
  }

  @Test func aGradeCellsPointsAreShownOnceSoTheColumnAddsUpToTheExercises() throws {
    let source = """
      # Twice

      ```swift
      //| exercise: twice
      let y: Int = { fatalError("exercise twice") }()
      ```

      ```swift
      //| solution: twice
      let y = 4
      ```

      ```swift
      //| grade: twice
      //| points: 2
      check(y > 3, "y is above three")
      check(y < 5, "y is below five")
      ```

      ```swift
      //| grade: twice
      check(y == 4, "y is four")
      ```

      """
    let lesson = try LessonParser().parse(source, path: "lessons/01-twice.md")
      .edition(.instructor)
    var run = LessonRun.empty(for: lesson)
    func check(_ claim: String, line: Int) -> OutputItem {
      .check(
        CheckRecord(
          claim: claim, passed: true, measured: "y = 4", file: "lessons/01-twice.md", line: line))
    }
    run.cells[2].items = [check("y is above three", line: 16), check("y is below five", line: 17)]
    run.cells[3].items = [check("y is four", line: 22)]
    let page = LessonPage(lesson: lesson, run: run, profile: .full)
    #expect(page.checks.map(\.cell) == [2, 2, 3])
    #expect(page.gradeCounts == (3, 0))
    let html = PageFixtures.renderer.renderClaims(Site(entries: [SiteEntry(page: page)]))
    let cells = html.components(separatedBy: "<td>twice</td><td class=\"num\">").dropFirst()
      .map { String($0.prefix { $0 != "<" }) }
    #expect(cells == ["2", "", "1"])
  }

  @Test func aCourseWithoutExercisesHasNoGradeSection() throws {
    let lesson = try LessonParser().parse(
      "# A\n\n```swift\ncheck(true, \"c\")\n```\n", path: "lessons/01-a.md")
    var run = LessonRun.empty(for: lesson)
    run.cells[0].items = [
      .check(CheckRecord(claim: "c", passed: true, measured: "", file: "lessons/01-a.md", line: 4))
    ]
    let page = LessonPage(lesson: lesson, run: run, profile: .full)
    let html = PageFixtures.renderer.renderClaims(Site(entries: [SiteEntry(page: page)]))
    #expect(!html.contains("Exercise grades"))
    #expect(html.contains("href=\"01-a.html#check-4\""))
  }
}
