import Foundation
import Testing

@testable import Notebook

/// Exercise cells: options, editions, the student's copy, and grading on live runs.
struct ExercisesTests {
  static let lesson = """
    # Exercises

    ```swift
    //| label: setup
    let values = [1.0, 2.0, 3.0, 6.0]
    ```

    ```swift
    //| exercise: mean
    let mean: Double = { fatalError("exercise mean: your answer here") }()
    ```

    ```swift
    //| solution: mean
    let mean = values.reduce(0, +) / Double(values.count)
    ```

    ```swift
    //| grade: mean
    //| points: 2
    check(abs(mean - 3) < 1e-9, "the mean is 3", measured: "\\(mean)")
    ```

    ```swift
    //| exercise: largest
    let largest: Double = { fatalError("exercise largest: your answer here") }()
    ```

    ```swift
    //| solution: largest
    let largest = values.max()!
    ```

    ```swift
    //| grade: largest
    check(largest == 6, "the largest value is 6", measured: "\\(largest)")
    ```

    """

  @Test func optionsNameTheExerciseAndBadOnesAreErrorsWithTheirLine() throws {
    let lesson = try LessonParser().parse(Self.lesson, path: "lessons/01-x.md")
    #expect(lesson.exerciseIDs == ["mean", "largest"])
    #expect(lesson.cells[3].options.grade == "mean" && lesson.cells[3].options.points == 2)
    for (text, message) in [
      ("```swift\n//| solution: a\nx\n```\n", "solution 'a' has no exercise cell"),
      ("```swift\n//| exercise: a\n//| grade: a\nx\n```\n", "not both 'exercise' and 'grade'"),
      ("```swift\n//| exercise: a b\nx\n```\n", "names an exercise by letters"),
      ("```swift\n//| points: 2\nx\n```\n", "`points` belongs on a grade cell"),
      ("```swift\n//| exercise: a\nx\n```\n```swift\n//| grade: a\n//| points: -1\nx\n```\n", "positive number"),
    ] {
      do {
        _ = try LessonParser().parse(text, path: "l.md")
        Issue.record("no error for \(text)")
      } catch {
        #expect(error.description.contains(message), "\(error)")
        #expect(error.line >= 1)
      }
    }
  }

  @Test func editionsDecideWhatRunsAndShows() throws {
    let lesson = try LessonParser().parse(Self.lesson, path: "lessons/01-x.md")
    func flags(_ edition: Edition) -> [String] {
      lesson.edition(edition).cells.map { cell in
        "\(cell.options.eval ? "run" : "-")\(cell.options.echo ? "" : " hidden")\(cell.options.error ? " isolated" : "")\(cell.options.fold ? " folded" : "")"
      }
    }
    #expect(
      flags(.instructor) == ["run", "-", "run folded", "run", "-", "run folded", "run"])
    #expect(flags(.student) == ["run", "-", "- hidden", "-", "-", "- hidden", "-"])
    #expect(
      flags(.grading(disabled: ["largest"]))
        == ["run", "-", "run", "run isolated", "-", "-", "-"])
  }

  @Test func theStudentsCopyLosesTheSolutionsAndNothingElse() throws {
    let lesson = try LessonParser().parse(Self.lesson, path: "lessons/01-x.md")
    let copy = lesson.studentSource(Self.lesson)
    #expect(!copy.contains("solution") && !copy.contains("values.max()!"))
    #expect(copy.contains("//| exercise: mean\nlet mean: Double = { fatalError("))
    #expect(copy.contains("//| grade: largest\n"))
    // Every other line is there, in order.
    let kept = Self.lesson.split(separator: "\n", omittingEmptySubsequences: false).filter {
      !$0.contains("solution") && !$0.contains("values.reduce") && !$0.contains("values.max()!")
    }
    var remaining = copy.split(separator: "\n", omittingEmptySubsequences: false)[...]
    for line in kept where !line.isEmpty && line != "```" && line != "```swift" {
      guard let found = remaining.firstIndex(of: line) else {
        Issue.record("lost line: \(line)")
        continue
      }
      remaining = remaining[remaining.index(after: found)...]
    }
    // The copy parses, with the exercises and no solution.
    let student = try LessonParser().parse(copy, path: "student/01-x.md")
    #expect(student.exerciseIDs == ["mean", "largest"])
    #expect(student.cells.allSatisfy { $0.options.solution == nil })
  }

  @Test func gradingPassesTheInstructorsLessonAndZeroesStubsAndBrokenCode() throws {
    let directory = try TestSupport.temporaryDirectory()
    let instructor = try TestSupport.write(Self.lesson, to: "lessons/01-x.md", in: directory)
    let grader = Grader(options: try TestSupport.pipeline(in: directory).options)
    let passing = grader.grade(instructor)
    #expect(passing.map(\.passed) == [true, true], "\(passing)")
    #expect(passing.map(\.points) == [2, 1])
    #expect(passing[0].checks.first?.measured == "3.0")

    let lesson = try LessonParser().parse(Self.lesson, path: instructor)
    let stub = try TestSupport.write(
      lesson.studentSource(Self.lesson), to: "student/01-x.md", in: directory)
    let zero = grader.grade(stub)
    #expect(zero.map(\.passed) == [false, false])
    #expect(zero.map(\.points) == [0, 0])
    #expect(zero.allSatisfy { $0.error?.contains("your answer here") == true }, "\(zero)")

    // One exercise does not compile, the other is right: the other still passes.
    let answered = lesson.studentSource(Self.lesson)
      .replacingOccurrences(
        of: "let mean: Double = { fatalError(\"exercise mean: your answer here\") }()",
        with: "let mean: Double = values.sum()")
      .replacingOccurrences(
        of: "let largest: Double = { fatalError(\"exercise largest: your answer here\") }()",
        with: "let largest = values.max()!")
    let mixed = try TestSupport.write(answered, to: "mixed/01-x.md", in: directory)
    let grades = grader.grade(mixed)
    #expect(grades.map(\.passed) == [false, true], "\(grades)")
    #expect(grades[0].error?.contains("mixed/01-x.md:") == true)
    #expect(grades[0].error?.contains("has no member 'sum'") == true)
    #expect(grades[1].points == 1)
    // A wrong answer compiles and runs, and its check fails with the measurement.
    let wrong = try TestSupport.write(
      answered.replacingOccurrences(of: "values.sum()", with: "values[0]"), to: "wrong/01-x.md",
      in: directory)
    let graded = grader.grade(wrong)
    #expect(graded[0].passed == false && graded[0].error == nil)
    #expect(graded[0].checks.map(\.measured) == ["1.0"])
  }

  @Test func reportsReadAsTextAndJUnit() {
    let grades = [
      ExerciseGrade(
        lesson: "lessons/01-x.md", exercise: "mean", passed: true, points: 2, maxPoints: 2,
        checks: [], error: nil),
      ExerciseGrade(
        lesson: "lessons/01-x.md", exercise: "largest", passed: false, points: 0, maxPoints: 1.5,
        checks: [], error: "lessons/01-x.md:9:3: error: <oops> & \"so\""),
    ]
    let text = GradeReport.text(grades)
    #expect(text.contains("lessons/01-x.md: exercise mean: passed, 2 of 2 points\n"))
    #expect(text.contains("exercise largest: failed, 0 of 1.5 points\n  error: lessons/01-x.md:9:3"))
    #expect(text.hasSuffix("total: 2 of 3.5 points; 1 of 2 exercises passed\n"))
    let xml = GradeReport.junit(grades)
    #expect(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"ticketbook grade\" tests=\"2\" failures=\"1\">"))
    #expect(xml.contains("<testcase classname=\"01-x.md\" name=\"largest\">"))
    #expect(xml.contains("&lt;oops&gt; &amp; &quot;so&quot;"))
    #expect(xml.components(separatedBy: "<failure ").count == 2)
  }
}
