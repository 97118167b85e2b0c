import Foundation

@_implementationOnly import CZlib

/// The element type of an IDX array, coded in the third byte of its magic number.
public enum IDXElementType: UInt8, Sendable, Codable, CaseIterable {
  /// Unsigned bytes (Fashion-MNIST's images and labels).
  case uint8 = 0x08
  /// Signed bytes.
  case int8 = 0x09
  /// Big-endian 16-bit integers.
  case int16 = 0x0B
  /// Big-endian 32-bit integers.
  case int32 = 0x0C
  /// Big-endian 32-bit floats.
  case float32 = 0x0D
  /// Big-endian 64-bit floats.
  case float64 = 0x0E

  /// The size of one element in bytes.
  public var byteCount: Int {
    switch self {
    case .uint8, .int8: return 1
    case .int16: return 2
    case .int32, .float32: return 4
    case .float64: return 8
    }
  }
}

/// An array stored in an IDX file: element type, dimensions and the raw big-endian payload.
public struct IDXArray: Sendable, Equatable {
  /// The type of every element.
  public var elementType: IDXElementType
  /// The extent of each dimension, outermost first (items first).
  public var dimensions: [Int]
  /// The payload as stored in the file: row-major, big-endian elements.
  public var bytes: [UInt8]

  /// Creates an array; `bytes` must hold exactly the elements `dimensions` describe.
  public init(elementType: IDXElementType, dimensions: [Int], bytes: [UInt8]) {
    precondition(
      dimensions.allSatisfy { $0 >= 0 && UInt64($0) <= UInt64(UInt32.max) },
      "IDX dimensions must fit in 32 bits: \(dimensions)")
    precondition(
      bytes.count == dimensions.reduce(elementType.byteCount, *),
      "\(bytes.count) bytes for \(elementType) dimensions \(dimensions)")
    self.elementType = elementType
    self.dimensions = dimensions
    self.bytes = bytes
  }

  /// Creates a `uint8` array, the kind Fashion-MNIST uses for images and labels.
  public init(dimensions: [Int], uint8 bytes: [UInt8]) {
    self.init(elementType: .uint8, dimensions: dimensions, bytes: bytes)
  }

  /// The magic number that starts the file: `0x0000TTDD` with type `TT` and `DD` dimensions.
  public var magic: UInt32 { IDX.magic(elementType, dimensionCount: dimensions.count) }

  /// The number of elements, the product of the dimensions.
  public var elementCount: Int { dimensions.reduce(1, *) }
}

/// Reads and writes IDX files (the format of MNIST and Fashion-MNIST), gzip-compressed or not.
///
/// Everything goes through zlib's `gz*` functions, which read plain files transparently, and
/// every failure is a ``DataError`` that names the file: bad input never crashes.
public enum IDX {
  /// The magic number of a 3-D `uint8` array, as in Fashion-MNIST's image files.
  public static let imagesMagic: UInt32 = 0x0000_0803
  /// The magic number of a 1-D `uint8` array, as in Fashion-MNIST's label files.
  public static let labelsMagic: UInt32 = 0x0000_0801

  /// The magic number for arrays of `type` with `dimensionCount` dimensions.
  public static func magic(_ type: IDXElementType, dimensionCount: Int) -> UInt32 {
    UInt32(type.rawValue) << 8 | UInt32(truncatingIfNeeded: dimensionCount & 0xFF)
  }

  /// Reads the IDX file at `path`, gzip-compressed or plain.
  ///
  /// When `expectedMagic` is given, any other magic number is a ``DataError/wrongMagic``.
  /// Throws a ``DataError`` for a missing, unreadable, truncated or corrupt file.
  public static func read(_ path: String, expectedMagic: UInt32? = nil) throws -> IDXArray {
    let file = try GzipFile(reading: path)
    let array = try readArray(from: file, expectedMagic: expectedMagic)
    try file.close()
    return array
  }

  /// Writes `array` as an IDX file at `path`, gzip-compressed when `compressed` is true.
  public static func write(_ array: IDXArray, to path: String, compressed: Bool) throws {
    var header: [UInt8] = []
    appendBigEndian(array.magic, to: &header)
    for d in array.dimensions { appendBigEndian(UInt32(d), to: &header) }
    try writeFile([header, array.bytes], to: path, compressed: compressed)
  }

  /// Writes `parts` one after the other to `path`, gzip-compressed when `compressed` is true.
  static func writeFile(_ parts: [[UInt8]], to path: String, compressed: Bool) throws {
    let file = try GzipFile(writing: path, compressed: compressed)
    for part in parts { try part.withUnsafeBytes { try file.write($0) } }
    try file.close()
  }

  private static func appendBigEndian(_ value: UInt32, to bytes: inout [UInt8]) {
    for shift in stride(from: 24, through: 0, by: -8) {
      bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift)))
    }
  }

  private static func bigEndianWord(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> UInt32 {
    var value: UInt32 = 0
    for i in 0..<4 { value = value << 8 | UInt32(bytes[offset + i]) }
    return value
  }

  private static func readArray(from file: GzipFile, expectedMagic: UInt32?) throws -> IDXArray {
    let path = file.path
    var word = [UInt8](repeating: 0, count: 4)
    let got = try word.withUnsafeMutableBytes { try file.read(into: $0) }
    guard got == 4 else {
      throw DataError.truncatedHeader(path: path, expectedBytes: 4, foundBytes: got)
    }
    let magic = word.withUnsafeBytes { bigEndianWord($0, at: 0) }
    guard magic >> 16 == 0, let type = IDXElementType(rawValue: UInt8(magic >> 8 & 0xFF)),
      magic & 0xFF > 0, expectedMagic == nil || expectedMagic == magic
    else {
      throw DataError.wrongMagic(path: path, expected: expectedMagic, found: magic)
    }

    let rank = Int(magic & 0xFF)
    var sizes = [UInt8](repeating: 0, count: 4 * rank)
    let gotSizes = try sizes.withUnsafeMutableBytes { try file.read(into: $0) }
    guard gotSizes == 4 * rank else {
      throw DataError.truncatedHeader(
        path: path, expectedBytes: 4 + 4 * rank, foundBytes: 4 + gotSizes)
    }
    let dimensions = sizes.withUnsafeBytes { raw in
      (0..<rank).map { Int(bigEndianWord(raw, at: 4 * $0)) }
    }

    // A header may claim more than any file could hold: never reserve more than the bytes
    // this file can possibly decompress to.
    var expected = type.byteCount
    for d in dimensions {
      let (product, overflow) = expected.multipliedReportingOverflow(by: d)
      expected = overflow ? Int.max : product
    }
    let capacity = min(expected, file.maximumPayload(afterHeader: 4 + 4 * rank))
    var failure: Error?
    let bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
      do {
        initialized = try file.read(into: UnsafeMutableRawBufferPointer(buffer))
      } catch {
        failure = error
        initialized = 0
      }
    }
    if let failure { throw failure }
    guard bytes.count == expected else {
      throw DataError.truncated(
        path: path, dimensions: dimensions, expectedBytes: expected, foundBytes: bytes.count)
    }
    // Reading on to the end makes zlib check the gzip trailer (CRC-32 and length).
    var probe: UInt8 = 0
    guard try withUnsafeMutableBytes(of: &probe, { try file.read(into: $0) }) == 0 else {
      throw DataError.trailingData(path: path, dimensions: dimensions)
    }
    return IDXArray(elementType: type, dimensions: dimensions, bytes: bytes)
  }
}

/// A file opened through zlib's gzip layer; plain files are read (and, on request, written)
/// transparently. Every zlib status is checked and turned into a ``DataError``.
private final class GzipFile {
  let path: String
  private var handle: gzFile?
  private let compressedSize: Int

  init(reading path: String) throws {
    self.path = path
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw DataError.missingFile(path: path)
    }
    guard !isDirectory.boolValue else {
      throw DataError.unreadable(path: path, reason: "it is a directory")
    }
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? NSNumber
    compressedSize = size?.intValue ?? Int.max
    guard let handle = gzopen(path, "rb") else {
      throw DataError.unreadable(path: path, reason: String(cString: strerror(errno)))
    }
    self.handle = handle
    gzbuffer(handle, 1 << 18)
  }

  init(writing path: String, compressed: Bool) throws {
    self.path = path
    compressedSize = 0
    // "T" asks zlib for a plain file written through the same calls.
    guard let handle = gzopen(path, compressed ? "wb6" : "wbT") else {
      throw DataError.unreadable(path: path, reason: String(cString: strerror(errno)))
    }
    self.handle = handle
  }

  deinit {
    if let handle { gzclose(handle) }
  }

  /// The most bytes the rest of the file can yield: its size if plain, or deflate's best
  /// compression ratio (1032:1) times its size if compressed.
  func maximumPayload(afterHeader headerBytes: Int) -> Int {
    guard let handle, gzdirect(handle) == 0 else { return max(0, compressedSize - headerBytes) }
    let (bound, overflow) = compressedSize.multipliedReportingOverflow(by: 1032)
    return overflow ? Int.max : bound
  }

  /// Fills `buffer` as far as the file allows; returns the byte count, short only at the end.
  func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    guard let handle, let base = buffer.baseAddress else { return 0 }
    var done = 0
    while done < buffer.count {
      let chunk = UInt32(min(buffer.count - done, 1 << 30))
      let n = gzread(handle, base + done, chunk)
      if n > 0 {
        done += Int(n)
        continue
      }
      try checkStatus()
      break  // n == 0 with no error: the end of the data.
    }
    return done
  }

  /// Writes all of `bytes`.
  func write(_ bytes: UnsafeRawBufferPointer) throws {
    guard let handle, let base = bytes.baseAddress else { return }
    var done = 0
    while done < bytes.count {
      let chunk = UInt32(min(bytes.count - done, 1 << 30))
      let n = gzwrite(handle, base + done, chunk)
      guard n > 0 else {
        try checkStatus()
        throw DataError.unreadable(path: path, reason: "cannot write")
      }
      done += Int(n)
    }
  }

  /// Closes the file, reporting the error zlib met while flushing or finishing the stream.
  func close() throws {
    guard let handle else { return }
    self.handle = nil
    let status = gzclose(handle)
    switch status {
    case Z_OK: return
    case Z_BUF_ERROR:
      throw DataError.corruptGzip(path: path, reason: "the compressed stream is cut off")
    case Z_ERRNO:
      throw DataError.unreadable(path: path, reason: String(cString: strerror(errno)))
    default:
      throw DataError.corruptGzip(path: path, reason: "zlib status \(status) on close")
    }
  }

  private func checkStatus() throws {
    guard let handle else { return }
    var code: Int32 = Z_OK
    let message = gzerror(handle, &code).map { String(cString: $0) } ?? ""
    switch code {
    case Z_OK: return
    case Z_ERRNO:
      throw DataError.unreadable(path: path, reason: String(cString: strerror(errno)))
    case Z_BUF_ERROR:
      throw DataError.corruptGzip(
        path: path, reason: "the compressed stream is cut off (\(message))")
    case Z_DATA_ERROR where message.contains("incorrect data check"):
      throw DataError.corruptGzip(path: path, reason: "CRC-32 mismatch (\(message))")
    default:
      throw DataError.corruptGzip(
        path: path, reason: message.isEmpty ? "zlib error \(code)" : message)
    }
  }
}
