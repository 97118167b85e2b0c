import Foundation
import LabRecords

/// Stored runs of lessons, one entry per lesson under `<directory>/results/`.
///
/// Entries are written atomically with a SHA-256 checksum and verified when read; a corrupt
/// entry is discarded, and the lesson runs again.
public struct ResultCache: Sendable {
  /// The cache's root directory (`.ticketbook-cache` by default).
  public var directory: String

  /// Uses the cache rooted at `directory`.
  public init(directory: String) {
    self.directory = directory
  }

  /// What a lookup found.
  public enum Lookup: Equatable, Sendable {
    /// A stored run computed under the same key.
    case hit(CacheEntry)
    /// No usable entry; `previous` is a stored entry under another key (for `--explain` and the
    /// ETA), `reason` says why the lesson must run.
    case miss(previous: CacheEntry?, reason: String)
  }

  /// The file of lesson `name`'s entry.
  public func path(forLesson name: String) -> String {
    directory + "/results/" + name + ".json"
  }

  /// Looks up the stored run of lesson `name` under `key`.
  public func lookup(lesson name: String, key: CacheKey) -> Lookup {
    let path = path(forLesson: name)
    let entry: CacheEntry
    do {
      let payload = try ChecksummedFile.read(path)
      entry = try CanonicalJSON.decoder().decode(CacheEntry.self, from: payload)
    } catch ChecksummedFile.ReadError.missing {
      return .miss(previous: nil, reason: "no cached run")
    } catch {
      try? FileManager.default.removeItem(atPath: path)
      return .miss(previous: nil, reason: "the cached run was corrupt (\(path)); discarded")
    }
    if entry.key == key { return .hit(entry) }
    return .miss(
      previous: entry, reason: "changed: " + key.changes(from: entry.key).joined(separator: ", "))
  }

  /// Stores `entry` as lesson `name`'s run.
  public func store(_ entry: CacheEntry, lesson name: String) throws {
    try ChecksummedFile.write(try CanonicalJSON.encode(entry), to: path(forLesson: name))
  }
}
