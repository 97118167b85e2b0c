import Foundation
import Testing

private let recording = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"

@Test(.disabled(if: recording, "recording would write the file instead of failing"))
func missingSnapshotFailsWithHowToRecord() {
  withKnownIssue {
    expectSnapshot("<svg/>", named: "no-such-snapshot")
  } matching: { issue in
    issue.comments.contains { $0.rawValue.contains("RECORD_SNAPSHOTS=1 swift test") }
  }
}

@Test(.disabled(if: recording, "recording would overwrite the golden file"))
func changedRenderingFailsAndNamesTheFirstDifferingLine() {
  withKnownIssue {
    expectSnapshot("<svg>changed</svg>\n", named: "scatter")
  } matching: { issue in
    issue.comments.contains { $0.rawValue.contains("differs") && $0.rawValue.contains("line 1") }
  }
}
