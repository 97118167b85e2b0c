import Foundation
import Testing

/// `ticketbook export --edition student` and `ticketbook grade`, run as a user would.
@Suite(.serialized)
struct GradeCommandTests {
  /// Runs `ticketbook arguments` in `directory`, file digests remembered there.
  func run(_ arguments: [String], in directory: String) throws -> (
    status: Int32, stdout: String, stderr: String
  ) {
    var environment = ProcessInfo.processInfo.environment
    environment["TICKETBOOK_DIGESTS"] = directory + "/digests.json"
    let result = try CourseDirectory.capture(arguments, in: directory, environment: environment)
    return (result.status, result.output, result.stderr)
  }

  @Test func anInstructorExportsTheStudentEditionAndGradesItWithJUnit() throws {
    let directory = NSTemporaryDirectory() + "ticketbook-grade-" + UUID().uuidString
    try FileManager.default.createDirectory(
      atPath: directory + "/lessons", withIntermediateDirectories: true)
    try """
      # Sums

      ```swift
      //| exercise: total
      let total: Int = { fatalError("exercise total: add up 1...10") }()
      ```

      ```swift
      //| solution: total
      let total = (1...10).reduce(0, +)
      ```

      ```swift
      //| grade: total
      //| points: 3
      check(total == 55, "1 + 2 + … + 10 is 55", measured: "\\(total)")
      ```
      """.write(toFile: directory + "/lessons/01-sums.md", atomically: true, encoding: .utf8)
    try "func shared() -> Int { 1 }\n".write(
      toFile: directory + "/lessons/course.swift", atomically: true, encoding: .utf8)

    // The instructor's lessons pass, and the JUnit file says so.
    let instructor = try run(["grade", "--junit", "grades.xml"], in: directory)
    #expect(instructor.status == 0, "\(instructor.stdout)\(instructor.stderr)")
    #expect(instructor.stdout.contains("exercise total: passed, 3 of 3 points"))
    let junit = try String(contentsOfFile: directory + "/grades.xml", encoding: .utf8)
    #expect(junit.contains("tests=\"1\" failures=\"0\""))

    // The student's copy: no solution, course.swift beside it; graded untouched it scores zero.
    let export = try run(["export", "--edition", "student", "handout"], in: directory)
    #expect(export.status == 0, "\(export.stderr)")
    let copy = try String(contentsOfFile: directory + "/handout/01-sums.md", encoding: .utf8)
    #expect(!copy.contains("solution") && copy.contains("//| exercise: total"))
    #expect(FileManager.default.fileExists(atPath: directory + "/handout/course.swift"))
    let untouched = try run(["grade", "handout/01-sums.md", "--json"], in: directory)
    #expect(untouched.status == 1)
    #expect(untouched.stdout.contains("\"points\" : 0"), "\(untouched.stdout)")
    #expect(untouched.stdout.contains("add up 1...10"))

    // Filled in, it passes.
    try copy.replacingOccurrences(
      of: "{ fatalError(\"exercise total: add up 1...10\") }()", with: "55"
    ).write(toFile: directory + "/handout/01-sums.md", atomically: true, encoding: .utf8)
    let answered = try run(["grade", "handout/01-sums.md"], in: directory)
    #expect(answered.status == 0, "\(answered.stdout)")

    // Exporting over the lessons themselves is refused.
    #expect(try run(["export", "--edition", "student", "lessons"], in: directory).status == 2)

    // The student edition's page shows the exercise and how it is graded, and no trace of the
    // solution; the instructor's page has the solution, folded.
    let student = try run(
      ["render", "--edition", "student", "--out", "student", "lessons/01-sums.md"], in: directory)
    #expect(student.status == 0, "\(student.stderr)")
    let studentPage = try String(contentsOfFile: directory + "/student/01-sums.html", encoding: .utf8)
    #expect(studentPage.contains("Exercise total"))
    #expect(studentPage.contains("How exercise total is graded (3 points)"))
    #expect(!studentPage.contains("Solution") && !studentPage.contains("reduce"))
    let teacher = try run(["render", "--out", "teacher", "lessons/01-sums.md"], in: directory)
    #expect(teacher.status == 0, "\(teacher.stderr)")
    let teacherPage = try String(contentsOfFile: directory + "/teacher/01-sums.html", encoding: .utf8)
    #expect(teacherPage.contains("Solution to exercise total") && teacherPage.contains("reduce"))
  }
}
