import Foundation

@_implementationOnly import CZlib

/// Why a model file could not be read.
public enum ModelFileError: Error, CustomStringConvertible, Equatable {
  /// The file does not start with the Ticketbook model magic.
  case notAModelFile(path: String)
  /// The file was written by a format version this build cannot read.
  case unsupportedVersion(path: String, found: UInt32, supported: UInt32)
  /// The file ends before the data its header announces.
  case truncated(path: String)
  /// The stored checksum does not match the contents.
  case corrupt(path: String)
  /// The file holds another architecture than the one asked for.
  case architectureMismatch(path: String, expected: String, found: String)
  /// The header is unreadable or describes parameters the architecture does not have.
  case badHeader(path: String, reason: String)

  public var description: String {
    switch self {
    case .notAModelFile(let p): "\(p): not a Ticketbook model file (bad magic)"
    case .unsupportedVersion(let p, let f, let s):
      "\(p): model file format version \(f); this build reads version \(s)"
    case .truncated(let p): "\(p): model file is truncated"
    case .corrupt(let p): "\(p): model file is corrupt (checksum mismatch)"
    case .architectureMismatch(let p, let e, let f):
      "\(p): model file holds a \(f) network, expected \(e)"
    case .badHeader(let p, let r): "\(p): unreadable model header: \(r)"
    }
  }
}

/// Saves and loads networks (architecture, weights, masks) in a versioned binary format.
///
/// Layout: the 8-byte magic `TBMODEL\0`, a little-endian UInt32 version, a UInt32 header length,
/// a JSON header (architecture and parameter list), then each parameter's Float32 values
/// (little-endian) followed by its mask as one byte per element when masked, and finally a
/// CRC-32 of everything before it.
public enum ModelFile {
  /// The format version this build writes and reads.
  public static let version: UInt32 = 1
  static let magic: [UInt8] = Array("TBMODEL\0".utf8)

  struct Header: Codable {
    struct Entry: Codable {
      var name: String
      var shape: [Int]
      var masked: Bool
    }
    var spec: ModelSpec
    var parameters: [Entry]
  }

  /// Serialises `network` (which must have been built from a `ModelSpec`).
  public static func encode(_ network: Sequential) throws -> Data {
    guard let spec = network.spec else {
      throw ModelFileError.badHeader(path: "<memory>", reason: "the network has no ModelSpec")
    }
    let params = network.parameters
    let header = Header(
      spec: spec,
      parameters: params.map { .init(name: $0.name, shape: $0.value.shape, masked: $0.mask != nil) }
    )
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    let json = try encoder.encode(header)
    var data = Data(magic)
    appendUInt32(&data, version)
    appendUInt32(&data, UInt32(json.count))
    data.append(json)
    for p in params {
      for i in 0..<p.count { appendUInt32(&data, p.value[i].bitPattern) }
      if let mask = p.mask {
        data.append(contentsOf: (0..<mask.count).map { mask[$0] == 0 ? UInt8(0) : UInt8(1) })
      }
    }
    appendUInt32(&data, checksum(data))
    return data
  }

  /// Writes `network` to `path` atomically.
  public static func save(_ network: Sequential, to path: String) throws {
    try encode(network).write(to: URL(fileURLWithPath: path), options: .atomic)
  }

  /// Reads a network from `path`; when `expecting` is given, the file must hold that
  /// architecture.
  public static func load(_ path: String, expecting: ModelSpec? = nil) throws -> Sequential {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    return try decode(data, path: path, expecting: expecting)
  }

  /// Decodes a network from the bytes of a model file; `path` only names it in errors.
  public static func decode(_ data: Data, path: String = "<memory>", expecting: ModelSpec? = nil)
    throws -> Sequential
  {
    let bytes = [UInt8](data)
    guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else {
      throw ModelFileError.notAModelFile(path: path)
    }
    var reader = Reader(bytes: bytes, offset: magic.count, path: path)
    let found = try reader.uint32()
    guard found == version else {
      throw ModelFileError.unsupportedVersion(path: path, found: found, supported: version)
    }
    let headerLength = Int(try reader.uint32())
    let header: Header
    do {
      header = try JSONDecoder().decode(Header.self, from: Data(try reader.take(headerLength)))
    } catch let e as ModelFileError {
      throw e
    } catch {
      throw ModelFileError.badHeader(path: path, reason: "\(error)")
    }
    if let expecting, expecting != header.spec {
      throw ModelFileError.architectureMismatch(
        path: path, expected: expecting.name, found: header.spec.name)
    }
    let network = try header.spec.build(seed: 0)
    let params = network.parameters
    guard params.count == header.parameters.count,
      zip(params, header.parameters).allSatisfy({ $0.name == $1.name && $0.value.shape == $1.shape }
      )
    else {
      throw ModelFileError.badHeader(
        path: path, reason: "parameters do not match the \(header.spec.name) architecture")
    }
    for (p, entry) in zip(params, header.parameters) {
      let raw = try reader.take(p.count * 4)
      let base = raw.startIndex
      for i in 0..<p.count {
        let j = base + i * 4
        let bits =
          UInt32(raw[j]) | UInt32(raw[j + 1]) << 8 | UInt32(raw[j + 2]) << 16
          | UInt32(raw[j + 3]) << 24
        p.value[i] = Float(bitPattern: bits)
      }
      if entry.masked {
        let m = try reader.take(p.count)
        guard m.allSatisfy({ $0 <= 1 }) else { throw ModelFileError.corrupt(path: path) }
        p.setMask(Tensor(shape: p.value.shape, values: m.map { Float($0) }))
      }
    }
    let end = reader.offset
    let stored = try reader.uint32()
    guard reader.offset == bytes.count else { throw ModelFileError.corrupt(path: path) }
    guard stored == checksum(Data(bytes[0..<end])) else { throw ModelFileError.corrupt(path: path) }
    return network
  }

  private struct Reader {
    let bytes: [UInt8]
    var offset: Int
    let path: String

    mutating func take(_ n: Int) throws -> ArraySlice<UInt8> {
      guard n >= 0, offset + n <= bytes.count else { throw ModelFileError.truncated(path: path) }
      defer { offset += n }
      return bytes[offset..<(offset + n)]
    }

    mutating func uint32() throws -> UInt32 {
      let b = try take(4)
      return b.reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }
  }

  private static func appendUInt32(_ data: inout Data, _ v: UInt32) {
    data.append(contentsOf: [
      UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24),
    ])
  }

  static func checksum(_ data: Data) -> UInt32 {
    data.withUnsafeBytes { raw in
      UInt32(crc32(0, raw.bindMemory(to: UInt8.self).baseAddress, uInt(raw.count)))
    }
  }
}
