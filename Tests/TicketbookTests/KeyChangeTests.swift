import Foundation
import Testing

/// Through whole renders: the lesson cache key and the memo key both change with the engine
/// build (the Lab library's bytes), the OpenBLAS kernel family and the dataset, and lesson
/// programs load the data from exactly the directory whose checksum the keys hold.
@Suite(.serialized)
struct KeyChangeTests {
  static let lesson = """
    # Keys

    ```swift
    let answer = try memo("answer", config: 1) { 42 }
    show(answer)
    show(ProcessInfo.processInfo.environment["TICKETBOOK_FASHION_MNIST"] ?? "unset")
    show(FashionMNIST.files()[0])
    ```

    """

  /// The memo store's entries (not their lock files).
  func memoEntries(_ course: CourseDirectory) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: course.path + "/.ticketbook-cache/memo"))
      ?? []).filter { $0.hasPrefix("answer") && $0.hasSuffix(".json") }.sorted()
  }

  @Test func engineBuildKernelsAndDatasetEachChangeBothKeys() throws {
    var course = try CourseDirectory(lessons: ["01-keys.md": Self.lesson])
    course.environment["OPENBLAS_CORETYPE"] = "Prescott"
    let data = course.path + "/no-dataset"

    let first = try course.run(["render", "--explain"])
    #expect(first.status == 0, "\(first.stderr)")
    #expect(memoEntries(course).count == 1)
    // The lesson program loads from the directory the checksum was computed from.
    let page = try String(contentsOfFile: course.path + "/output/01-keys.json", encoding: .utf8)
    #expect(page.contains(data.replacingOccurrences(of: "/", with: "\\/")) || page.contains(data))
    #expect(page.contains("train-images-idx3-ubyte"))

    let same = try course.run(["render", "--explain"])
    #expect(same.stderr.contains("lessons/01-keys.md: cached run reused"), "\(same.stderr)")
    #expect(same.stderr.contains("OpenBLAS kernels Prescott, dataset none"), "\(same.stderr)")
    #expect(memoEntries(course).count == 1)

    // The retired variable changes nothing but earns a warning.
    course.environment["TICKETBOOK_DATASET_DIR"] = course.path + "/elsewhere"
    let retired = try course.run(["render", "--explain"])
    #expect(retired.stderr.contains("warning: TICKETBOOK_DATASET_DIR is no longer read"))
    #expect(retired.stderr.contains("cached run reused"), "\(retired.stderr)")
    course.environment["TICKETBOOK_DATASET_DIR"] = ""

    // Other data.
    try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
    try "other images".write(
      toFile: data + "/train-images-idx3-ubyte", atomically: true, encoding: .utf8)
    let dataset = try course.run(["render", "--explain"])
    #expect(dataset.status == 0, "\(dataset.stderr)")
    #expect(
      dataset.stderr.contains("ran because changed: the dataset (checksum none → "),
      "\(dataset.stderr)")
    #expect(memoEntries(course).count == 2)

    // Other OpenBLAS kernels.
    course.environment["OPENBLAS_CORETYPE"] = "Nehalem"
    let kernels = try course.run(["render", "--explain"])
    #expect(kernels.status == 0, "\(kernels.stderr)")
    #expect(
      kernels.stderr.contains("ran because changed: the OpenBLAS kernels (Prescott → Nehalem"),
      "\(kernels.stderr)")
    #expect(memoEntries(course).count == 3)

    // Another engine build: the same library with one more byte, in a Lab directory of its own.
    let built = URL(fileURLWithPath: CourseDirectory.binary).deletingLastPathComponent().path
    let lab = course.path + "/lab"
    try FileManager.default.createDirectory(atPath: lab, withIntermediateDirectories: true)
    var library = try #require(FileManager.default.contents(atPath: built + "/libLab.so"))
    library.append(0)
    try library.write(to: URL(fileURLWithPath: lab + "/libLab.so"))
    chmod(lab + "/libLab.so", 0o755)
    try FileManager.default.createSymbolicLink(
      atPath: lab + "/Modules", withDestinationPath: built + "/Modules")
    let engine = try course.run(["render", "--explain", "--lab-dir", lab])
    #expect(engine.status == 0, "\(engine.stderr)")
    #expect(
      engine.stderr.contains("ran because changed: the Lab library build (libLab.so)"),
      "\(engine.stderr)")
    #expect(memoEntries(course).count == 4)
  }
}
