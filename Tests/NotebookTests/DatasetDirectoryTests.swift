import Foundation
import Testing

@testable import Notebook

/// Lesson programs load the data from the directory the render checksums, whatever the
/// renderer's own environment says.
@Suite struct DatasetDirectoryTests {
  @Test func lessonProgramsAreToldTheChecksummedDirectory() throws {
    let directory = try TestSupport.temporaryDirectory()
    let path = try TestSupport.write(
      """
      # Data

      ```swift
      show(ProcessInfo.processInfo.environment["TICKETBOOK_FASHION_MNIST"] ?? "unset")
      ```

      """, to: "lessons/data.md", in: directory)
    let pipeline = try TestSupport.pipeline(in: directory)
    // The test process sets no dataset variable (or another one): only the runner can have
    // told the program this directory.
    #expect(
      ProcessInfo.processInfo.environment["TICKETBOOK_FASHION_MNIST"]
        != pipeline.options.datasetDirectory)
    let outcome = pipeline.render([path], jobs: 1)[0]
    #expect(outcome.succeeded, "\(outcome.messages)")
    let page = try String(contentsOfFile: directory + "/output/data.json", encoding: .utf8)
    #expect(
      page.contains(pipeline.options.datasetDirectory)
        || page.contains(
          pipeline.options.datasetDirectory.replacingOccurrences(of: "/", with: "\\/"))
    )
  }
}
