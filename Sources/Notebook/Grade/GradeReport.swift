import Foundation

/// Grades as a person reads them, and as JUnit XML for course platforms and CI.
public enum GradeReport {
  /// One block per exercise, then the total:
  ///
  ///     lessons/02-x.md: exercise best-k: passed, 2 of 2 points
  ///       ✓ the best k lies inside the sweep (measured: k = 70%)
  ///     total: 2 of 3 points; 1 of 2 exercises passed
  public static func text(_ grades: [ExerciseGrade]) -> String {
    guard !grades.isEmpty else { return "no exercises to grade\n" }
    var text = ""
    for grade in grades {
      text +=
        "\(grade.lesson): exercise \(grade.exercise): \(grade.passed ? "passed" : "failed"), "
        + "\(number(grade.points)) of \(number(grade.maxPoints)) points\n"
      for check in grade.checks {
        text += "  \(check.passed ? "\u{2713}" : "\u{2717}") \(check.claim)"
        text += check.measured.isEmpty ? "\n" : " (measured: \(check.measured))\n"
      }
      if let error = grade.error {
        for line in error.split(separator: "\n") { text += "  error: \(line)\n" }
      }
    }
    let earned = grades.reduce(0) { $0 + $1.points }
    let possible = grades.reduce(0) { $0 + $1.maxPoints }
    let passed = grades.filter(\.passed).count
    text +=
      "total: \(number(earned)) of \(number(possible)) points; \(passed) of \(grades.count) "
      + "exercises passed\n"
    return text
  }

  /// JUnit XML: a test suite per lesson, a test case per exercise (a `<failure>` with the checks
  /// and the error when it did not pass), its points as properties.
  public static func junit(_ grades: [ExerciseGrade]) -> String {
    var lessons: [String] = []
    for grade in grades where !lessons.contains(grade.lesson) { lessons.append(grade.lesson) }
    let failures = grades.filter { !$0.passed }.count
    var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    xml +=
      "<testsuites name=\"ticketbook grade\" tests=\"\(grades.count)\" failures=\"\(failures)\">\n"
    for lesson in lessons {
      let cases = grades.filter { $0.lesson == lesson }
      let name = (lesson as NSString).lastPathComponent
      xml +=
        "  <testsuite name=\"\(escape(lesson))\" tests=\"\(cases.count)\" "
        + "failures=\"\(cases.filter { !$0.passed }.count)\">\n"
      for grade in cases {
        xml +=
          "    <testcase classname=\"\(escape(name))\" name=\"\(escape(grade.exercise))\">\n"
        xml += "      <properties>"
        xml += "<property name=\"points\" value=\"\(number(grade.points))\"/>"
        xml += "<property name=\"maxPoints\" value=\"\(number(grade.maxPoints))\"/>"
        xml += "</properties>\n"
        if !grade.passed {
          let message = grade.error?.split(separator: "\n").first.map(String.init)
            ?? grade.checks.first { !$0.passed }?.claim ?? "not passed"
          var details = grade.checks.map {
            "\($0.passed ? "passed" : "failed"): \($0.claim)"
              + ($0.measured.isEmpty ? "" : " (measured: \($0.measured))")
          }
          if let error = grade.error { details.append(error) }
          xml +=
            "      <failure message=\"\(escape(message))\">\(escape(details.joined(separator: "\n")))</failure>\n"
        }
        xml += "    </testcase>\n"
      }
      xml += "  </testsuite>\n"
    }
    return xml + "</testsuites>\n"
  }

  /// `2`, `1.5`.
  static func number(_ value: Double) -> String {
    value == value.rounded() ? String(Int(value)) : String(format: "%g", value)
  }

  /// Text safe in XML content and attribute values: HTML's five escapes, and the control
  /// characters XML 1.0 cannot hold dropped.
  static func escape(_ text: String) -> String {
    var kept = String.UnicodeScalarView()
    for scalar in text.unicodeScalars where scalar.value >= 0x20 || "\t\n\r".unicodeScalars.contains(scalar) {
      kept.append(scalar)
    }
    return HTML.escape(String(kept))
  }
}
