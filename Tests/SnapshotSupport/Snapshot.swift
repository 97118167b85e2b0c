import Foundation
import Testing

/// Compares `text` with the golden file `Snapshots/<name>.<fileExtension>` beside the calling
/// test's source file, naming the first differing line.
///
/// With `RECORD_SNAPSHOTS=1` in the environment the file is (re)written instead and the test
/// passes; review the change as a diff before committing it. A failing comparison never writes
/// the golden file.
public func expectSnapshot(
  _ text: String, named name: String, fileExtension: String, testTarget: String,
  filePath: String = #filePath, sourceLocation: SourceLocation = #_sourceLocation
) {
  let directory = URL(fileURLWithPath: filePath).deletingLastPathComponent()
    .appendingPathComponent("Snapshots")
  let file = directory.appendingPathComponent(name + "." + fileExtension)
  if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      try Data(text.utf8).write(to: file)
    } catch {
      Issue.record(
        "Could not record snapshot \(file.path): \(error)", sourceLocation: sourceLocation)
    }
    return
  }
  guard let data = FileManager.default.contents(atPath: file.path) else {
    Issue.record(
      """
      No snapshot at \(file.path). Record it with
        RECORD_SNAPSHOTS=1 swift test --filter \(testTarget)
      and review the new file before committing it.
      """, sourceLocation: sourceLocation)
    return
  }
  let expected = String(decoding: data, as: UTF8.self)
  guard expected != text else { return }
  let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
  let actualLines = text.split(separator: "\n", omittingEmptySubsequences: false)
  let first = zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }
  let line = first?.offset ?? min(expectedLines.count, actualLines.count)
  Issue.record(
    """
    Rendering differs from \(file.path) at line \(line + 1).
    expected: \(line < expectedLines.count ? String(expectedLines[line].prefix(300)) : "<end>")
    actual:   \(line < actualLines.count ? String(actualLines[line].prefix(300)) : "<end>")
    If the change is intended, re-record with RECORD_SNAPSHOTS=1 and review the diff.
    """, sourceLocation: sourceLocation)
}
