import Foundation
import Testing

private let recording = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"

/// The golden file `name`.svg beside the snapshot tests.
private func golden(_ name: String) -> URL {
  URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Snapshots/\(name).svg")
}

@Test(.disabled(if: recording, "recording would write the file instead of failing"))
func missingSnapshotFailsWithHowToRecord() {
  withKnownIssue {
    expectSnapshot("<svg/>", named: "no-such-snapshot")
  } matching: { issue in
    issue.comments.contains { $0.rawValue.contains("RECORD_SNAPSHOTS=1 swift test") }
  }
  // A failing comparison never creates the golden file by itself.
  #expect(!FileManager.default.fileExists(atPath: golden("no-such-snapshot").path))
}

@Test(.disabled(if: recording, "recording would overwrite the golden file"))
func changedRenderingFailsAndNamesTheFirstDifferingLine() {
  withKnownIssue {
    expectSnapshot("<svg>changed</svg>\n", named: "scatter")
  } matching: { issue in
    issue.comments.contains { $0.rawValue.contains("differs") && $0.rawValue.contains("line 1") }
  }
  // ... and never overwrites it.
  let kept = (try? String(contentsOf: golden("scatter"), encoding: .utf8)) ?? ""
  #expect(kept.hasPrefix("<svg") && kept != "<svg>changed</svg>\n")
}
