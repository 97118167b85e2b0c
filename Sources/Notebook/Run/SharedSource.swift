import Foundation

/// A course-level Swift file (`lessons/course.swift`) compiled into every lesson program of its
/// directory: code several lessons share (experiment configurations, helpers) lives there once.
public struct SharedSource: Codable, Equatable, Sendable {
  /// The file's path as diagnostics name it (`lessons/course.swift`).
  public var path: String
  /// Its text.
  public var text: String

  /// Creates a shared source.
  public init(path: String, text: String) {
    self.path = path
    self.text = text
  }

  /// The file name, which is what the program's identity records (not the directory).
  public var name: String { (path as NSString).lastPathComponent }

  /// The name of the course-level file looked for beside the lessons.
  public static let fileName = "course.swift"

  /// The course-level file in the directory of `lessonPath`, when there is one.
  public static func beside(lessonPath: String) throws(LessonError) -> [SharedSource] {
    let directory = (lessonPath as NSString).deletingLastPathComponent
    let path = directory.isEmpty ? fileName : directory + "/" + fileName
    guard FileManager.default.fileExists(atPath: path) else { return [] }
    do {
      return [SharedSource(path: path, text: try String(contentsOfFile: path, encoding: .utf8))]
    } catch {
      throw LessonError(file: path, message: "cannot read the course file: \(error)")
    }
  }
}
