import ArgumentParser
import Foundation
import Notebook

/// `ticketbook bench`: timings (never asserted in tests). Add subcommands here.
struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Measure how fast things are.",
    subcommands: [
      BenchRender.self, BenchTrain.self, BenchSparse.self, BenchSupermask.self, BenchLayers.self,
    ])
}

/// `ticketbook bench render`: compile time of a 300-line lesson, cached re-render of the course.
struct BenchRender: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "render",
    abstract: "Time compiling a generated 300-line lesson and a cached re-render of the course.")

  @Option(help: "Directory with libLab.so and Modules/.")
  var labDir: String?

  @Option(help: "The lessons directory of the course to re-render.")
  var lessons: String = "lessons"

  func run() throws {
    guard let directory = ScratchDirectory(prefix: "ticketbook-bench") else {
      Terminal.error("error: cannot create a scratch directory in \(NSTemporaryDirectory())")
      throw ExitCode.failure
    }
    defer { directory.remove() }
    let scratch = directory.path
    let lesson = scratch + "/bench-300.md"
    try BenchLesson.text(lines: 300).write(toFile: lesson, atomically: true, encoding: .utf8)

    var arguments = try NotebookArguments.parse(["--no-cache", "--cache-dir", scratch + "/cache"])
    arguments.labDir = labDir
    let first = try arguments.pipeline(outputDirectory: scratch + "/out", defaultProfile: .quick)
      .render([lesson], jobs: 1)
    guard let outcome = first.first, outcome.succeeded else {
      Terminal.error("the benchmark lesson failed: \(first.first?.messages ?? [])")
      throw ExitCode.failure
    }
    print(String(format: "compile 300-line lesson: %.2f s (target ≤ 3 s)", outcome.compileSeconds))

    let course = LessonDirectory.lessons(in: lessons)
    guard !course.isEmpty else {
      print("cached re-render: no lessons in \(lessons)")
      return
    }
    var cached = try NotebookArguments.parse(["--cache-dir", scratch + "/course-cache"])
    cached.labDir = labDir
    let pipeline = try cached.pipeline(outputDirectory: scratch + "/course", defaultProfile: .quick)
    _ = pipeline.render(course, jobs: 2)  // warm the cache
    let start = ContinuousClock.now
    let again = try cached.pipeline(outputDirectory: scratch + "/course", defaultProfile: .quick)
      .render(course, jobs: 2)
    let elapsed = ContinuousClock.now - start
    let seconds =
      Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    let hits = again.filter(\.cached).count
    print(
      String(
        format: "cached re-render of %d lessons (%d from cache): %.2f s (target ≤ 2 s)",
        course.count, hits, seconds))
  }
}

/// A synthetic lesson for timing the compiler.
enum BenchLesson {
  /// A lesson of `lines` code lines in cells of 10, each what a typical cell does: a config, a
  /// loop, a mapped series, `show`, `check`, `table`, `plot` and `print`.
  static func text(lines: Int) -> String {
    var text = "# Compile benchmark\n\n```swift\n"
    text += "struct TrainConfig: Codable { var epochs: Int; var rate: Double }\n"
    text += "func score(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(max(1, xs.count)) }\n"
    text += "```\n\n"
    var count = 2
    var cell = 0
    while count < lines {
      let c = cell
      let body = [
        "let config\(c) = TrainConfig(epochs: profile.pick(quick: 1, full: 10), rate: 0.01 * \(c + 1).0)",
        "var total\(c) = 0.0",
        "for i in 0..<100 { total\(c) += Double(i) * config\(c).rate }",
        "let series\(c) = (0..<10).map { Double($0) * config\(c).rate }",
        "let mean\(c) = score(series\(c))",
        "show(total\(c), label: \"total \(c)\")",
        "check(total\(c) > 0, \"total \(c) is positive\", measured: \"\\(total\(c))\")",
        "table([[\"total\", \"\\(total\(c))\"], [\"mean\", \"\\(mean\(c))\"]], columns: [\"name\", \"value\"])",
        "plot(.line(x: \"step\", y: \"value\", series: [Series(\"run \(c)\", y: series\(c))]), caption: \"Run \(c)\")",
        "print(\"epochs \\(config\(c).epochs), mean \\(mean\(c))\")",
      ].prefix(lines - count)
      text += "Cell \(c).\n\n```swift\n" + body.joined(separator: "\n") + "\n```\n\n"
      count += body.count
      cell += 1
    }
    return text
  }
}
