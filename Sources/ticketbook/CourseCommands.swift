import ArgumentParser
import Foundation
import Notebook

/// `ticketbook list`: the lessons with their titles and cell counts.
struct List: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "List the lessons in lessons/.")

  @Option(help: "The lessons directory.")
  var lessons: String = "lessons"

  func run() throws {
    for path in LessonDirectory.lessons(in: lessons) {
      do {
        let lesson = try LessonParser().parse(path: path)
        print("\(path)\t\(lesson.title)\t\(lesson.cells.count) cells")
      } catch {
        print("\(path)\t\(error.description)")
      }
    }
  }
}

/// `ticketbook new NAME`: a new lesson from a template.
struct New: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Create lessons/NAME.md from a template.")

  @Argument(help: "The lesson's file name, without .md (e.g. 05-rewinding).")
  var name: String

  @Option(help: "The lessons directory.")
  var lessons: String = "lessons"

  func validate() throws {
    guard !name.isEmpty, !name.contains("/"), !name.hasPrefix(".") else {
      throw ValidationError("NAME must be a plain file name such as 05-rewinding")
    }
  }

  func run() throws {
    let file = name.hasSuffix(".md") ? name : name + ".md"
    let path = lessons + "/" + file
    guard !FileManager.default.fileExists(atPath: path) else {
      Terminal.error("\(path): error: the lesson already exists")
      throw ExitCode.failure
    }
    try FileManager.default.createDirectory(atPath: lessons, withIntermediateDirectories: true)
    try LessonTemplate.text(title: Lesson.name(ofPath: file)).write(
      toFile: path, atomically: true, encoding: .utf8)
    print(path)
  }
}

/// The text of a new lesson.
enum LessonTemplate {
  static func text(title: String) -> String {
    """
    # \(title)

    Say what this lesson shows. Cells share one program, in order; see docs/lesson-format.md.

    ```swift
    //| label: setup
    let epochs = profile.pick(quick: 1, full: 10)
    show(epochs, label: "epochs")
    ```

    This lesson trains for `{swift} epochs` epochs.

    ```swift
    check(epochs > 0, "the lesson trains for at least one epoch", measured: "\\(epochs) epochs")
    ```

    """
  }
}

/// `ticketbook clean`: removes the cache (and with --output, the pages).
struct Clean: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Remove .ticketbook-cache (cached runs, memoised results, builds).")

  @Option(help: "The cache directory.")
  var cacheDir: String = ".ticketbook-cache"

  @Flag(help: "Also remove the output directory.")
  var output = false

  @Option(help: "The output directory removed by --output.")
  var out: String = "output"

  func run() throws {
    var refused = false
    for directory in [cacheDir] + (output ? [out] : [])
    where FileManager.default.fileExists(atPath: directory) {
      // Only directories a render made (they hold its marker file) are removed.
      guard OwnershipMarker.isMarked(directory) else {
        Terminal.error(
          "\(directory): error: not removed: it has no \(OwnershipMarker.fileName) file, so "
            + "ticketbook did not make it (remove it yourself if it should go)")
        refused = true
        continue
      }
      try FileManager.default.removeItem(atPath: directory)
      print("removed \(directory)")
    }
    if refused { throw ExitCode.failure }
  }
}
