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

    /// What to warn about whatever the options (not only with `--explain`): the stored entry
    /// was corrupt, so it was discarded and the lesson runs again.
    public var warning: String? {
      guard case .miss(nil, let reason) = self, reason.hasPrefix(ResultCache.corruptReason)
      else { return nil }
      return reason + "; the lesson runs again"
    }
  }

  /// How a miss's reason begins when the stored entry failed verification.
  static let corruptReason = "the cached run was corrupt"

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
      return .miss(previous: nil, reason: "\(Self.corruptReason) (\(path)); discarded")
    }
    if entry.key == key { return .hit(entry) }
    return .miss(
      previous: entry, reason: "changed: " + key.changes(from: entry.key).joined(separator: ", "))
  }

  /// Stores `entry` as lesson `name`'s run.
  ///
  /// The run's own warnings (a corrupt memo entry it recomputed) are left out: they were true of
  /// that run only, and a later cache hit must not repeat them.
  public func store(_ entry: CacheEntry, lesson name: String) throws {
    var entry = entry
    entry.run.diagnostics.removeAll(where: \.isRunWarning)
    try ChecksummedFile.write(try CanonicalJSON.encode(entry), to: path(forLesson: name))
  }
}
