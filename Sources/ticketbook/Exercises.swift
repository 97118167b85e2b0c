import ArgumentParser
import Foundation
import Notebook

/// An edition named on the command line.
enum EditionName: String, ExpressibleByArgument, CaseIterable {
  case instructor, student
}

/// `ticketbook export --edition student DIR`: the student's copy of the lessons.
struct Export: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write the student's copy of the lessons (solutions taken out) into DIR.",
    discussion: """
      Every lesson is copied with its solution cells (`//| solution: ID`) removed and nothing \
      else changed, so the student's exercise cells are what runs; course.swift and course.md \
      are copied beside them. Exit status: 0, 1 when a lesson cannot be read or written, 2 for \
      a usage error.
      """)

  @Option(help: "The edition to write (student).")
  var edition: EditionName = .student

  @Argument(help: "The directory to write the lessons into (created when missing).")
  var directory: String

  @Argument(help: "Lesson files (default: every lessons/*.md).")
  var lessons: [String] = []

  func validate() throws {
    guard edition == .student else {
      throw ValidationError("export writes the student edition: --edition student")
    }
  }

  func run() throws {
    let paths = lessons.isEmpty ? LessonDirectory.lessons(in: "lessons") : lessons
    guard !paths.isEmpty else { throw ValidationError("no lessons given and no lessons/*.md") }
    let target = URL(fileURLWithPath: directory).standardizedFileURL.path
    for path in paths {
      let source = URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL.path
      guard source != target else {
        throw ValidationError("\(directory) holds the lessons themselves; export elsewhere")
      }
    }
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    var failed = false
    var copied: Set<String> = []
    for path in paths {
      do {
        guard let data = FileManager.default.contents(atPath: path),
          let text = String(data: data, encoding: .utf8)
        else { throw LessonError(file: path, message: "cannot read the lesson") }
        let lesson = try LessonParser().parse(text, path: path)
        let name = (path as NSString).lastPathComponent
        try AtomicFile.write(
          Data(lesson.studentSource(text).utf8), to: directory + "/" + name)
        let folder = (path as NSString).deletingLastPathComponent
        for shared in ["course.swift", LessonDirectory.coursePageName]
        where !copied.contains(shared) {
          let from = (folder.isEmpty ? "." : folder) + "/" + shared
          guard let bytes = FileManager.default.contents(atPath: from) else { continue }
          try AtomicFile.write(bytes, to: directory + "/" + shared)
          copied.insert(shared)
        }
        print("\(directory)/\(name): \(lesson.exerciseIDs.count) exercises")
      } catch {
        Terminal.error("\(error)")
        failed = true
      }
    }
    if failed { throw ExitCode.failure }
  }
}

/// `ticketbook grade LESSON...`: grades the exercises on a live run.
struct Grade: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run lessons and grade their exercises (quick profile by default).",
    discussion: """
      Prints, per exercise, passed or not, its points and the measured values of its checks. \
      An exercise whose code does not compile, traps or runs past its time-out scores zero \
      with the error, and the others are still graded. Exit status: 0 when every exercise \
      passes, 1 otherwise, 2 for a usage error.
      """)

  @OptionGroup var notebook: NotebookArguments

  @Option(help: "Write the grades as JUnit XML to this file.")
  var junit: String?

  @Flag(help: "Print the grades as JSON instead of text.")
  var json = false

  func run() throws {
    let paths = try notebook.lessonPaths()
    let options = try notebook.options(
      outputDirectory: notebook.cacheDir + "/grade", defaultProfile: .quick)
    ChildProcesses.stopOnInterrupt()
    let grader = Grader(options: options)
    let display = ProgressDisplay(explain: notebook.explain)
    var grades: [ExerciseGrade] = []
    for path in paths {
      grades += grader.grade(path) { display.handle($0) }
    }
    display.finish()
    if json {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      print(String(decoding: try encoder.encode(grades), as: UTF8.self))
    } else {
      print(GradeReport.text(grades), terminator: "")
    }
    if let junit {
      try AtomicFile.write(Data(GradeReport.junit(grades).utf8), to: junit)
    }
    if grades.contains(where: { !$0.passed }) { throw ExitCode.failure }
  }
}
