import Foundation
import Testing

@testable import Notebook

struct ResultCacheTests {
  func key(_ text: String, profile: Profile = .quick) throws -> CacheKey {
    let lesson = try LessonParser().parse(text, path: "l.md")
    return CacheKey(
      program: ProgramGenerator().generate(lesson), lab: "lab", toolchain: "swift", profile: profile
    )
  }

  @Test func proseEditKeepsTheKeyAndCodeEditChangesIt() throws {
    let base = try key("# A\n\n```swift\nlet x = 1\n```\n\nValue `{swift} x`.\n")
    #expect(
      try key("# B\n\nNew prose.\n\n```swift\nlet x = 1\n```\n\nThe value `{swift} x`!\n") == base)
    #expect(try key("# A\n\n```swift\nlet x = 2\n```\n\nValue `{swift} x`.\n") != base)
    #expect(try key("# A\n\n```swift\nlet x = 1\n```\n\nValue `{swift} x + 1`.\n") != base)
    #expect(
      try key("# A\n\n```swift\nlet x = 1\n```\n\nValue `{swift} x`.\n", profile: .full) != base)
  }

  @Test func changesNameEveryDifferingPart() {
    let old = CacheKey(program: "p", lab: "l", toolchain: "t", profile: "quick")
    let new = CacheKey(program: "p2", lab: "l2", toolchain: "t", profile: "full")
    #expect(
      new.changes(from: old) == [
        "the code of its cells or inline expressions", "the Lab library build (libLab.so)",
        "the profile (quick → full)",
      ])
  }

  @Test func otherBLASKernelsChangeTheKey() throws {
    let haswell = CacheKey(
      program: "p", lab: "l", toolchain: "t", profile: "full", blasKernels: "Haswell")
    let skylake = CacheKey(
      program: "p", lab: "l", toolchain: "t", profile: "full", blasKernels: "SkylakeX")
    #expect(haswell != skylake)
    #expect(
      skylake.changes(from: haswell) == [
        "the OpenBLAS kernels (Haswell → SkylakeX; OPENBLAS_CORETYPE chooses them)"
      ])
    let directory = NSTemporaryDirectory() + "ticketbook-cache-" + UUID().uuidString
    let cache = ResultCache(directory: directory)
    let entry = CacheEntry(key: haswell, run: LessonRun(cells: [], inlines: []), fenceLines: [])
    try cache.store(entry, lesson: "a")
    #expect(cache.lookup(lesson: "a", key: haswell) == .hit(entry))
    #expect(
      cache.lookup(lesson: "a", key: skylake)
        == .miss(
          previous: entry,
          reason:
            "changed: the OpenBLAS kernels (Haswell → SkylakeX; OPENBLAS_CORETYPE chooses them)"
        ))
  }

  @Test func checkedPartsNameTheKernelsAndTheDataset() {
    // `--explain` prints these on a cache hit: the kernels and the data a hit relies on are
    // named with their values, not only the code and builds.
    let key = CacheKey(
      program: "p", lab: "l", toolchain: "t", profile: "full", blasKernels: "Haswell",
      dataset: "0123456789abcdef")
    #expect(
      key.checkedParts
        == "code, Lab library, toolchain, profile full, OpenBLAS kernels Haswell, dataset 0123456789ab"
    )
    #expect(
      CacheKey(program: "p", lab: "l", toolchain: "t", profile: "quick").checkedParts
        == "code, Lab library, toolchain, profile quick, OpenBLAS kernels unknown, dataset unknown")
  }

  @Test func keyOfAnEarlierVersionWithoutKernelsEqualsAKeyWithUnknownKernels() throws {
    // Entries written before the kernels were part of the key decode with none, and match a
    // key made without them (as the library's default options make).
    let json = #"{"program":"p","lab":"l","toolchain":"t","profile":"full"}"#
    let decoded = try JSONDecoder().decode(CacheKey.self, from: Data(json.utf8))
    #expect(decoded == CacheKey(program: "p", lab: "l", toolchain: "t", profile: "full"))
    #expect(
      decoded
        != CacheKey(program: "p", lab: "l", toolchain: "t", profile: "full", blasKernels: "Haswell")
    )
  }

  @Test func storedEntryIsFoundAndCorruptEntryIsDiscarded() throws {
    let directory = NSTemporaryDirectory() + "ticketbook-cache-" + UUID().uuidString
    let cache = ResultCache(directory: directory)
    let key = CacheKey(program: "p", lab: "l", toolchain: "t", profile: "quick")
    let entry = CacheEntry(key: key, run: LessonRun(cells: [], inlines: []), fenceLines: [])
    try cache.store(entry, lesson: "a")
    #expect(cache.lookup(lesson: "a", key: key) == .hit(entry))

    let other = CacheKey(program: "q", lab: "l", toolchain: "t", profile: "quick")
    #expect(
      cache.lookup(lesson: "a", key: other)
        == .miss(previous: entry, reason: "changed: the code of its cells or inline expressions"))

    let path = cache.path(forLesson: "a")
    var bytes = try #require(FileManager.default.contents(atPath: path))
    bytes[bytes.count - 2] ^= 0x01
    try bytes.write(to: URL(fileURLWithPath: path))
    guard case .miss(nil, let reason) = cache.lookup(lesson: "a", key: key) else {
      Issue.record("a corrupt entry must not be used")
      return
    }
    #expect(reason.contains("corrupt"))
    #expect(!FileManager.default.fileExists(atPath: path))
    // Said whatever the options, not only with --explain.
    #expect(
      ResultCache.Lookup.miss(previous: nil, reason: reason).warning
        == "the cached run was corrupt (\(path)); discarded; the lesson runs again")
    #expect(ResultCache.Lookup.miss(previous: nil, reason: "no cached run").warning == nil)
  }

  @Test func relocationMovesCheckLinesWithTheirCell() throws {
    let lesson = try LessonParser().parse(
      "# T\n\nMore.\n\n```swift\ncheck(true, \"c\")\n```\n", path: "new.md")
    var output = CellOutput(index: 0)
    output.items = [
      .check(CheckRecord(claim: "c", passed: true, measured: "", file: "old.md", line: 4))
    ]
    let entry = CacheEntry(
      key: CacheKey(program: "", lab: "", toolchain: "", profile: ""),
      run: LessonRun(cells: [output], inlines: []), fenceLines: [3])
    #expect(
      entry.run(relocatedTo: lesson).checks == [
        CheckRecord(claim: "c", passed: true, measured: "", file: "new.md", line: 6)
      ])
  }

  @Test func relocationLeavesChecksOfTheCourseFileWhereTheyAre() throws {
    let lesson = try LessonParser().parse(
      "# T\n\nMore.\n\nEven more.\n\n```swift\nsharedCheck()\n```\n", path: "lessons/a.md")
    var output = CellOutput(index: 0)
    output.items = [
      .check(CheckRecord(claim: "shared", passed: true, measured: "", file: "lessons/course.swift", line: 12)),
      .check(CheckRecord(claim: "own", passed: true, measured: "", file: "lessons/a.md", line: 6)),
    ]
    let entry = CacheEntry(
      key: CacheKey(program: "", lab: "", toolchain: "", profile: ""),
      run: LessonRun(cells: [output], inlines: []), fenceLines: [5])
    let checks = entry.run(relocatedTo: lesson).checks
    #expect(checks.map(\.file) == ["lessons/course.swift", "lessons/a.md"])
    #expect(checks.map(\.line) == [12, 8])
  }

  @Test func fileDigestIsContentHashRememberedBySizeAndTime() throws {
    let directory = NSTemporaryDirectory() + "ticketbook-digest-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let file = directory + "/data.bin"
    try Data("abc".utf8).write(to: URL(fileURLWithPath: file))
    let digests = FileDigests(storePath: directory + "/digests.json")
    let expected = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    #expect(digests.digest(of: [file]) == expected)
    #expect(digests.digest(of: [file]) == expected)
    #expect(FileManager.default.fileExists(atPath: directory + "/digests.json"))
  }
}
