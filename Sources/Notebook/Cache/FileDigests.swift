import Foundation
import LabRecords

/// SHA-256 digests of files, remembered by path, size and modification time so that a large
/// file (the Lab library, the dataset) is read once per change, not once per render.
public struct FileDigests: Sendable {
  /// The file that remembers digests.
  public var storePath: String

  /// Remembers digests in `storePath`.
  public init(storePath: String) {
    self.storePath = storePath
  }

  private struct Known: Codable {
    var size: UInt64
    var modified: Double
    var digest: String
  }

  /// The SHA-256 of the contents of all `paths`, in order (missing files count as empty).
  public func digest(of paths: [String]) -> String {
    var known =
      (try? ChecksummedFile.read(storePath)).flatMap {
        try? JSONDecoder().decode([String: Known].self, from: $0)
      } ?? [:]
    var parts: [String] = []
    var changed = false
    for path in paths {
      let attributes = try? FileManager.default.attributesOfItem(atPath: path)
      let size = (attributes?[.size] as? NSNumber)?.uint64Value ?? 0
      let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
      if let entry = known[path], entry.size == size, entry.modified == modified {
        parts.append(entry.digest)
        continue
      }
      let digest = Self.hashFile(path)
      known[path] = Known(size: size, modified: modified, digest: digest)
      parts.append(digest)
      changed = true
    }
    if changed, let data = try? CanonicalJSON.encode(known) {
      try? ChecksummedFile.write(data, to: storePath)
    }
    return paths.count == 1 ? parts[0] : SHA256.hexDigest(parts.joined(separator: "\n"))
  }

  /// Hashes a file's bytes, a megabyte at a time.
  static func hashFile(_ path: String) -> String {
    var hasher = SHA256()
    guard let handle = FileHandle(forReadingAtPath: path) else { return SHA256.hexDigest("") }
    defer { try? handle.close() }
    while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
      chunk.withUnsafeBytes { hasher.update($0) }
    }
    return SHA256.hex(hasher.finalize())
  }
}
