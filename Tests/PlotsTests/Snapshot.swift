import SnapshotSupport
import Testing

/// Compares `svg` with the golden file `Snapshots/<name>.svg` next to this source file (see
/// SnapshotSupport's `expectSnapshot`).
func expectSnapshot(
  _ svg: String, named name: String, filePath: String = #filePath,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  SnapshotSupport.expectSnapshot(
    svg, named: name, fileExtension: "svg", testTarget: "PlotsTests", filePath: filePath,
    sourceLocation: sourceLocation)
}
