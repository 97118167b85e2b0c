import Foundation
import Lab
import LabRecords
import Testing

/// One dataset directory: the variable `ticketbook` checksums and the engine loads from.
@Suite struct LabEnvironmentTests {
  @Test func theDatasetVariableIsTheEngines() {
    #expect(LabEnvironment.datasetDirectory == FashionMNIST.environmentVariable)
    #expect(LabEnvironment.defaultDatasetDirectory == FashionMNIST.defaultDirectory)
  }

  @Test func theDatasetDirectoryComesFromTheEnginesVariableOnly() {
    let engine = LabEnvironment.datasetDirectory
    let retired = LabEnvironment.retiredDatasetDirectory
    #expect(LabEnvironment.datasetDirectory(in: [:]) == (FashionMNIST.defaultDirectory, nil))
    #expect(
      LabEnvironment.datasetDirectory(in: [engine: ""]).directory == FashionMNIST.defaultDirectory)
    #expect(LabEnvironment.datasetDirectory(in: [engine: "/data/a"]) == ("/data/a", nil))
    // The retired variable no longer moves the checksum away from what lessons load; it is
    // named in a warning.
    let both = LabEnvironment.datasetDirectory(in: [engine: "/data/a", retired: "/data/b"])
    #expect(both.directory == "/data/a")
    #expect(
      both.warning
        == "warning: TICKETBOOK_DATASET_DIR is no longer read (it was /data/b); the lessons and "
        + "the dataset checksum both use $TICKETBOOK_FASHION_MNIST, here /data/a")
    #expect(
      LabEnvironment.datasetDirectory(in: [retired: "/data/b"]).directory
        == FashionMNIST.defaultDirectory)
    // The engine resolves the same directory from the same environment.
    #expect(FashionMNIST.resolveDirectory(environment: [engine: "/data/a"]) == "/data/a")
  }
}
