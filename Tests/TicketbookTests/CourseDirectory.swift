import Foundation

/// A course in a new temporary directory, and the built `ticketbook` run in it as a user would.
///
/// The dataset variable points at an empty directory inside the course (the test lessons load
/// no data), and file digests are remembered inside it too, so courses share nothing.
struct CourseDirectory {
  /// The binary `swift build` put beside the test bundle.
  static let binary =
    URL(
      fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        ?? ""
    )
    .deletingLastPathComponent().appendingPathComponent("ticketbook").path

  /// The course's root.
  let path: String
  /// Variables set (or, when empty, removed) on top of the environment every run gets.
  var environment: [String: String] = [:]

  /// Creates the course with `lessons` (file name under lessons/ → Markdown).
  init(lessons: [String: String]) throws {
    path = NSTemporaryDirectory() + "ticketbook-cli-" + UUID().uuidString
    try FileManager.default.createDirectory(
      atPath: path + "/lessons", withIntermediateDirectories: true)
    for (name, text) in lessons { try write(lesson: name, text) }
  }

  /// Writes lesson `name`.
  func write(lesson name: String, _ text: String) throws {
    try text.write(toFile: path + "/lessons/" + name, atomically: true, encoding: .utf8)
  }

  /// The environment of a run: this process's, the dataset directory inside the course (the
  /// retired variable removed), digests inside the course, then ``environment``.
  var runEnvironment: [String: String] {
    var result = ProcessInfo.processInfo.environment
    result["TICKETBOOK_DATASET_DIR"] = nil
    result["TICKETBOOK_FASHION_MNIST"] = path + "/no-dataset"
    result["TICKETBOOK_DIGESTS"] = path + "/digests.json"
    for (key, value) in environment { result[key] = value.isEmpty ? nil : value }
    return result
  }

  /// Starts `ticketbook arguments` (or `executable arguments`) in the course; standard error
  /// goes to `log` in the course.
  func start(
    _ arguments: [String], executable: String = CourseDirectory.binary, log: String = "stderr.log"
  ) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: path)
    process.environment = runEnvironment
    _ = FileManager.default.createFile(atPath: path + "/" + log, contents: nil)
    process.standardError = FileHandle(forWritingAtPath: path + "/" + log)
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    return process
  }

  /// Runs `ticketbook arguments` to its end: its exit status and standard error.
  func run(_ arguments: [String], executable: String = CourseDirectory.binary) throws -> (
    status: Int32, stderr: String
  ) {
    let process = try start(arguments, executable: executable)
    process.waitUntilExit()
    let stderr = (try? String(contentsOfFile: path + "/stderr.log", encoding: .utf8)) ?? ""
    return (process.terminationStatus, stderr)
  }

  /// Runs `ticketbook arguments`: its exit status, standard output and standard error.
  func runCapturingOutput(_ arguments: [String]) throws -> (
    status: Int32, output: String, stderr: String
  ) {
    try Self.capture(arguments, in: path, environment: runEnvironment)
  }

  /// Runs `ticketbook arguments` in `directory` with `environment` to its end: its exit status,
  /// standard output and standard error.
  static func capture(_ arguments: [String], in directory: String, environment: [String: String])
    throws -> (status: Int32, output: String, stderr: String)
  {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    process.environment = environment
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let out = output.fileHandleForReading.readDataToEndOfFile()
    let err = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (
      process.terminationStatus, String(decoding: out, as: UTF8.self),
      String(decoding: err, as: UTF8.self)
    )
  }

  /// Every file under `directory` (relative to the course) with its bytes, by relative path.
  func files(under directory: String) -> [String: Data] {
    let root = path + "/" + directory
    var found: [String: Data] = [:]
    guard let walker = FileManager.default.enumerator(atPath: root) else { return [:] }
    while let relative = walker.nextObject() as? String {
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory),
        !isDirectory.boolValue
      {
        found[relative] = FileManager.default.contents(atPath: root + "/" + relative)
      }
    }
    return found
  }

  /// The temporary files of atomic writes (`.<name>.<pid>.<random>.tmp`) under `directory`.
  func temporaryFiles(under directory: String) -> [String] {
    files(under: directory).keys.filter {
      ($0 as NSString).lastPathComponent.hasPrefix(".") && $0.hasSuffix(".tmp")
    }.sorted()
  }

  /// Waits up to `seconds` for `condition`, checking every 20 ms; says whether it came true.
  static func wait(seconds: Double, for condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      if condition() { return true }
      usleep(20_000)
    }
    return condition()
  }
}
