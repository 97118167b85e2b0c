import Foundation

/// A file whose first line is the SHA-256 of the rest, written atomically and verified on read.
///
/// Used for memoised results and cached lesson runs: a torn or edited file fails verification
/// and is treated as absent, never as data.
public enum ChecksummedFile {
  /// Why a stored file could not be used.
  public enum ReadError: Error, Equatable, CustomStringConvertible {
    /// There is no such file.
    case missing
    /// The file exists but its checksum does not match its contents.
    case corrupt(String)

    /// A one-line explanation.
    public var description: String {
      switch self {
      case .missing: return "no stored file"
      case .corrupt(let path): return "\(path): checksum mismatch, entry discarded"
      }
    }
  }

  /// Writes `payload` with its checksum to `path`, through a temporary file and a rename, so a
  /// reader sees either the old file or the whole new one.
  public static func write(_ payload: Data, to path: String) throws {
    let header = Data(("sha256:" + SHA256.hex(SHA256.hash(payload)) + "\n").utf8)
    try AtomicFile.write(header + payload, to: path)
  }

  /// Reads and verifies the payload at `path`.
  public static func read(_ path: String) throws(ReadError) -> Data {
    guard let data = FileManager.default.contents(atPath: path) else { throw .missing }
    guard let newline = data.firstIndex(of: 0x0A) else { throw .corrupt(path) }
    let header = String(decoding: data[data.startIndex..<newline], as: UTF8.self)
    let payload = Data(data[(newline + 1)...])
    guard header == "sha256:" + SHA256.hex(SHA256.hash(payload)) else { throw .corrupt(path) }
    return payload
  }
}

/// Writes files so that no reader ever sees a half-written one.
public enum AtomicFile {
  /// Writes `data` to a temporary file beside `path`, then renames it over `path`.
  ///
  /// Creates missing parent directories.
  public static func write(_ data: Data, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent()
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let temporary = directory.appendingPathComponent(
      ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(UInt32.random(in: 0...UInt32.max)).tmp"
    )
    do {
      try data.write(to: temporary)
      if rename(temporary.path, path) != 0 {
        throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
      }
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw error
    }
  }
}
