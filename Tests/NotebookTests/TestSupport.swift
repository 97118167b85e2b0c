import Foundation
import Notebook

/// Helpers shared by the Notebook tests.
enum TestSupport {
  /// The directory of this test file.
  static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path

  /// A fixture lesson's path.
  static func fixture(_ name: String) -> String {
    testsDirectory + "/Fixtures/" + name
  }

  /// The Lab library built beside the test executable by `swift build` (SwiftPM puts
  /// `libLab.so`, `Modules/` and the test bundle in the same build directory).
  static func labLibrary() throws -> LabLibrary {
    try LabLibrary.locate(
      explicit: ProcessInfo.processInfo.environment["TICKETBOOK_LAB_DIR"]
        ?? LabLibrary.executableDirectory(),
      environment: [:])
  }

  /// A new empty temporary directory.
  static func temporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "ticketbook-test-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  /// Writes `text` to `directory/name` and returns the path.
  static func write(_ text: String, to name: String, in directory: String) throws -> String {
    let path = directory + "/" + name
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  /// `swiftc` from the `PATH`.
  static var swiftc: String {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"
    for directory in path.split(separator: ":")
    where FileManager.default.isExecutableFile(atPath: "\(directory)/swiftc") {
      return "\(directory)/swiftc"
    }
    return "/usr/bin/swiftc"
  }

  /// A pipeline writing into `directory/output` with its cache in `directory/cache`.
  static func pipeline(
    in directory: String, timeout: Double = 120, useCache: Bool = true, force: Bool = false
  ) throws -> Pipeline {
    var options = NotebookOptions(
      outputDirectory: directory + "/output", cacheDirectory: directory + "/cache",
      profile: .quick, timeout: timeout, useCache: useCache, force: force, lab: try labLibrary(),
      swiftc: swiftc, datasetDirectory: directory + "/no-dataset")
    options.digestStore = NSTemporaryDirectory() + "ticketbook-test-digests.json"
    return Pipeline(options: options)
  }

  /// A pipeline writing into `directory/output` with no Lab library and no compiler: enough for
  /// lessons without code, which never compile.
  static func pipelineWithoutLab(in directory: String, force: Bool = false) -> Pipeline {
    Pipeline(options: optionsWithoutLab(in: directory, force: force))
  }

  /// The options of ``pipelineWithoutLab(in:force:)``.
  static func optionsWithoutLab(in directory: String, force: Bool = false) -> NotebookOptions {
    var options = NotebookOptions(
      outputDirectory: directory + "/output", cacheDirectory: directory + "/cache",
      profile: .quick, timeout: nil, useCache: true, force: force,
      lab: LabLibrary(directory: directory + "/no-lab"), swiftc: "/nonexistent/swiftc",
      datasetDirectory: directory + "/no-dataset")
    options.digestStore = directory + "/digests.json"
    return options
  }

  /// Renders the every-feature fixture lesson end to end in a new temporary directory and
  /// returns that directory and the lesson's outcome.
  static func renderFixture() throws -> (directory: String, outcome: LessonOutcome) {
    let directory = try temporaryDirectory()
    let lesson = try write(
      read(fixture("every-feature.md")), to: "lessons/every-feature.md", in: directory)
    return (directory, try pipeline(in: directory).render([lesson], jobs: 1)[0])
  }

  /// The text of a file.
  static func read(_ path: String) -> String {
    (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
  }

  /// Prose HTML without the `data-line` attributes of its formulas (tests of the markup around
  /// them; the lines have tests of their own).
  static func withoutMathLines(_ html: String) -> String {
    html.replacingOccurrences(
      of: #" data-line="[0-9]+""#, with: "", options: .regularExpression)
  }
}
