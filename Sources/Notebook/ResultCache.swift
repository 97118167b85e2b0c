import Foundation
import LabRecords

/// Everything that can change a lesson's outputs, each part kept so `--explain` can say which
/// one changed.
public struct CacheKey: Codable, Equatable, Sendable {
  /// SHA-256 of the program's identity: the code of its cells and its inline expressions (not
  /// the prose, not the Markdown line numbers).
  public var program: String
  /// The Lab library build: SHA-256 of `libLab.so`'s bytes (the engine, experiments and plots
  /// are all linked into it).
  public var lab: String
  /// SHA-256 of `swiftc --version` and the optimisation flag (`-Onone` or `-O`).
  public var toolchain: String
  /// The profile.
  public var profile: String
  /// The OpenBLAS kernel family the products run on (`Haswell`, `SkylakeX`, …): kernels sum in
  /// different orders, so they give different bits. Absent in entries of earlier versions.
  public var blasKernels: String?

  /// Creates a key from its parts.
  public init(
    program: String, lab: String, toolchain: String, profile: String, blasKernels: String = ""
  ) {
    self.program = program
    self.lab = lab
    self.toolchain = toolchain
    self.profile = profile
    // Unknown kernels are nil, as in entries written before the field existed.
    self.blasKernels = blasKernels.isEmpty ? nil : blasKernels
  }

  /// The key of `program` built with `lab`, `toolchain` and run in `profile` on `blasKernels`.
  public init(
    program: GeneratedProgram, lab: String, toolchain: String, profile: Profile,
    blasKernels: String = ""
  ) {
    self.init(
      program: SHA256.hexDigest(program.identity), lab: lab, toolchain: toolchain,
      profile: profile.rawValue, blasKernels: blasKernels)
  }

  /// The parts that differ from `other`, named as in `--explain`.
  public func changes(from other: CacheKey) -> [String] {
    var changed: [String] = []
    if program != other.program { changed.append("the code of its cells or inline expressions") }
    if lab != other.lab { changed.append("the Lab library build (libLab.so)") }
    if toolchain != other.toolchain {
      changed.append("the Swift toolchain or its flags (swiftc --version, --optimize)")
    }
    if profile != other.profile { changed.append("the profile (\(other.profile) → \(profile))") }
    if blasKernels != other.blasKernels {
      changed.append(
        "the OpenBLAS kernels (\(other.blasKernels ?? "unknown") → \(blasKernels ?? "unknown"); OPENBLAS_CORETYPE chooses them)"
      )
    }
    return changed
  }
}

/// A stored successful run of a lesson.
public struct CacheEntry: Codable, Equatable, Sendable {
  /// The key it was computed under.
  public var key: CacheKey
  /// The outputs.
  public var run: LessonRun
  /// The Markdown line of each cell's fence when it ran, to move check lines after prose edits.
  public var fenceLines: [Int]

  /// Creates an entry.
  public init(key: CacheKey, run: LessonRun, fenceLines: [Int]) {
    self.key = key
    self.run = run
    self.fenceLines = fenceLines
  }

  /// The run with its line numbers moved to the cells' current places in `lesson`.
  public func run(relocatedTo lesson: Lesson) -> LessonRun {
    var moved = run
    let current = lesson.cells.map(\.fenceLine)
    for index in moved.cells.indices where index < current.count && index < fenceLines.count {
      let shift = current[index] - fenceLines[index]
      moved.cells[index].items = moved.cells[index].items.map { item in
        guard case .check(var check) = item else { return item }
        check.line += shift
        check.file = lesson.path
        return .check(check)
      }
    }
    for index in moved.diagnostics.indices {
      guard let cell = moved.diagnostics[index].cell, cell < current.count,
        cell < fenceLines.count
      else { continue }
      moved.diagnostics[index].line += current[cell] - fenceLines[cell]
      moved.diagnostics[index].file = lesson.path
    }
    return moved
  }
}

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
