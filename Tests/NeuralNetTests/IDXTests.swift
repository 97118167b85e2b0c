import Foundation
import Testing

@testable import NeuralNet

/// A fresh directory under the system's temporary directory, removed when released.
final class TemporaryDirectory {
  let path: String

  init() throws {
    path =
      FileManager.default.temporaryDirectory
      .appendingPathComponent("ticketbook-data-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(atPath: path) }

  /// The path of `name` inside the directory.
  func file(_ name: String) -> String { path + "/" + name }
}

/// Reads a file's bytes.
func bytes(of path: String) throws -> [UInt8] {
  [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
}

/// Replaces a file's bytes.
func write(_ bytes: [UInt8], to path: String) throws {
  try Data(bytes).write(to: URL(fileURLWithPath: path))
}

/// Three 2×2 "images" with distinct pixel values.
let tinyImages = IDXArray(dimensions: [3, 2, 2], uint8: (0..<12).map { UInt8($0 * 20) })

/// The reason of the `corruptGzip` error that reading `path` throws, or nil (recording an
/// issue) when reading throws something else or succeeds.
func corruptGzipReason(reading path: String) -> String? {
  let error = #expect(throws: DataError.self) { try IDX.read(path) }
  guard case .corruptGzip(let reported, let reason) = error, reported == path else {
    Issue.record("expected corruptGzip naming \(path), got \(String(describing: error))")
    return nil
  }
  return reason
}

@Suite struct IDXTests {
  @Test func gzipAndPlainFilesRoundTrip() throws {
    let dir = try TemporaryDirectory()
    for compressed in [true, false] {
      let path = dir.file(compressed ? "images.gz" : "images")
      try IDX.write(tinyImages, to: path, compressed: compressed)
      let head = try bytes(of: path).prefix(4)
      #expect(Array(head) == (compressed ? [0x1F, 0x8B, 0x08, 0x00] : [0, 0, 8, 3]))
      let read = try IDX.read(path, expectedMagic: IDX.imagesMagic)
      #expect(read == tinyImages)
      #expect(read.magic == 0x0000_0803)
    }
  }

  @Test func otherElementTypesAndRanksRoundTrip() throws {
    let dir = try TemporaryDirectory()
    let array = IDXArray(elementType: .int32, dimensions: [2, 3], bytes: (0..<24).map(UInt8.init))
    try IDX.write(array, to: dir.file("a.gz"), compressed: true)
    let read = try IDX.read(dir.file("a.gz"))
    #expect(read == array)
    #expect(read.magic == 0x0000_0C02)
    #expect(read.elementCount == 6)
  }

  @Test func emptyArrayRoundTrips() throws {
    let dir = try TemporaryDirectory()
    let empty = IDXArray(dimensions: [0], uint8: [])
    try IDX.write(empty, to: dir.file("e.gz"), compressed: true)
    #expect(try IDX.read(dir.file("e.gz")) == empty)
  }

  @Test func missingFileIsReportedByPath() throws {
    let dir = try TemporaryDirectory()
    let path = dir.file("nothing.gz")
    #expect(throws: DataError.missingFile(path: path)) { try IDX.read(path) }
  }

  @Test func directoryInPlaceOfFileIsUnreadable() throws {
    let dir = try TemporaryDirectory()
    #expect(throws: DataError.unreadable(path: dir.path, reason: "it is a directory")) {
      try IDX.read(dir.path)
    }
  }

  @Test func wrongMagicNamesExpectedAndFoundNumbers() throws {
    let dir = try TemporaryDirectory()
    let labels = dir.file("labels.gz")
    try IDX.write(IDXArray(dimensions: [3], uint8: [0, 1, 2]), to: labels, compressed: true)
    let error = DataError.wrongMagic(path: labels, expected: 0x803, found: 0x801)
    #expect(throws: error) { try IDX.read(labels, expectedMagic: IDX.imagesMagic) }
    #expect(error.description.contains("0x00000801"))
    #expect(error.description.contains("0x00000803"))
    #expect(error.description.contains(labels))
  }

  @Test func textFileIsNotIDX() throws {
    let dir = try TemporaryDirectory()
    let path = dir.file("notes.txt")
    try write(Array("hello world".utf8), to: path)
    #expect(throws: DataError.wrongMagic(path: path, expected: nil, found: 0x6865_6C6C)) {
      try IDX.read(path)
    }
  }

  @Test func fileEndingInsideHeaderIsTruncated() throws {
    let dir = try TemporaryDirectory()
    let path = dir.file("short")
    try write([0, 0, 8, 3, 0, 0, 0, 3, 0, 0], to: path)
    #expect(throws: DataError.truncatedHeader(path: path, expectedBytes: 16, foundBytes: 10)) {
      try IDX.read(path)
    }
  }

  @Test func plainFileWithTooFewBytesIsTruncated() throws {
    let dir = try TemporaryDirectory()
    let path = dir.file("images")
    try IDX.write(tinyImages, to: path, compressed: false)
    try write(try bytes(of: path).dropLast(5), to: path)
    let error = DataError.truncated(
      path: path, dimensions: [3, 2, 2], expectedBytes: 12, foundBytes: 7)
    #expect(throws: error) { try IDX.read(path) }
    #expect(error.description.contains("3 items of 2×2 (12 data bytes)"))
  }

  @Test func validGzipWithTooFewBytesIsTruncated() throws {
    // The gzip stream is intact; the IDX array inside it is short.
    let dir = try TemporaryDirectory()
    let plain = dir.file("images")
    try IDX.write(tinyImages, to: plain, compressed: false)
    let gz = dir.file("images.gz")
    try IDX.writeFile([Array(try bytes(of: plain).dropLast(5))], to: gz, compressed: true)
    #expect(
      throws: DataError.truncated(
        path: gz, dimensions: [3, 2, 2], expectedBytes: 12, foundBytes: 7)
    ) { try IDX.read(gz) }
  }

  @Test func cutOffGzipIsCorrupt() throws {
    let dir = try TemporaryDirectory()
    let path = dir.file("images.gz")
    try IDX.write(tinyImages, to: path, compressed: true)
    let whole = try bytes(of: path)
    // Cut inside the deflate data, and inside the 8-byte trailer.
    for cut in [whole.count / 2, whole.count - 3] {
      try write(Array(whole.prefix(cut)), to: path)
      #expect(corruptGzipReason(reading: path)?.contains("cut off") == true, "cut at \(cut)")
    }
  }

  @Test func gzipWithWrongChecksumIsCorrupt() throws {
    let dir = try TemporaryDirectory()
    let path = dir.file("images.gz")
    try IDX.write(tinyImages, to: path, compressed: true)
    var damaged = try bytes(of: path)
    damaged[damaged.count - 8] ^= 0xFF  // the first byte of the CRC-32 in the trailer
    try write(damaged, to: path)
    #expect(corruptGzipReason(reading: path)?.contains("CRC-32") == true)
  }

  @Test func everyDamagedByteOfGzipStreamGivesDataError() throws {
    let dir = try TemporaryDirectory()
    let path = dir.file("images.gz")
    try IDX.write(tinyImages, to: path, compressed: true)
    let whole = try bytes(of: path)
    // Past the 10-byte gzip header: deflate data, CRC-32 and length.
    for position in 10..<whole.count {
      var damaged = whole
      damaged[position] ^= 0x5A
      try write(damaged, to: path)
      #expect(throws: DataError.self, "byte \(position) flipped") { try IDX.read(path) }
    }
  }

  @Test func bytesAfterTheDataAreReported() throws {
    let dir = try TemporaryDirectory()
    let path = dir.file("images")
    try IDX.write(tinyImages, to: path, compressed: false)
    try write(try bytes(of: path) + [1, 2, 3], to: path)
    #expect(throws: DataError.trailingData(path: path, dimensions: [3, 2, 2])) {
      try IDX.read(path)
    }
  }

  @Test func hugeDimensionsInHeaderAreTruncatedWithoutAllocatingThem() throws {
    let dir = try TemporaryDirectory()
    let path = dir.file("huge")
    try write([0, 0, 8, 3] + [UInt8](repeating: 0xFF, count: 12) + [1, 2, 3], to: path)
    let error = #expect(throws: DataError.self) { try IDX.read(path) }
    guard case .truncated(_, let dimensions, let expected, let found) = error else {
      Issue.record("expected truncated, got \(String(describing: error))")
      return
    }
    #expect(dimensions == [4_294_967_295, 4_294_967_295, 4_294_967_295])
    #expect(expected == Int.max)
    #expect(found == 3)
  }
}
