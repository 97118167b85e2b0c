import Canonical
import Foundation
import NeuralNet

/// An on-disk store of experiment results, keyed by a name and by everything that can change the
/// numbers (engine build, dataset checksum, …), so the same configuration run again loads
/// instead of training.
///
/// Each entry is one checksummed file (`ChecksummedFile`: the SHA-256 of the payload, then the
/// payload) written atomically; the payload holds the full key and the result. A read verifies
/// both: a corrupt entry (or one whose stored key differs from the file name's) is ignored,
/// recomputed and overwritten. Entries for another context (another engine build, dataset or
/// kernels) live under other file names, since the name holds a digest of the key: they are
/// never read, and stay until the directory is removed (`ticketbook clean`).
public struct ResultStore: Sendable {
  /// Where entries live.
  public let directory: URL
  /// Key components every entry depends on besides its name, such as the engine build and the
  /// dataset checksum.
  public let context: [String: String]

  /// What happened when an entry was looked up.
  public enum Outcome: String, Codable, Sendable {
    /// The entry was present and valid.
    case hit
    /// There was no entry; the result was computed and stored.
    case miss
    /// A file was present under the entry's name but unreadable, corrupt or under another key;
    /// the result was recomputed and stored over it.
    case recomputed
  }

  /// The context of a lesson's memo store and of `ticketbook experiment run`: the engine build,
  /// the dataset checksum, and what of this process changes the bits (the OpenBLAS kernel
  /// family, the sparse training kernels' SIMD level). One function, so a result stored by an
  /// experiment process is the one a lesson's `memo` looks up.
  public static func engineContext(engineBuild: String, datasetChecksum: String) -> [String:
    String]
  {
    [
      "engine": engineBuild,
      "dataset": datasetChecksum,
      "blas": BLAS.coreName,
      // The sparse training kernels' SIMD level: FMA or not changes their bits.
      "simd": String(BLAS.sparseSIMDLevel),
    ]
  }

  /// Creates a store in `directory` (created when first written).
  public init(directory: URL, context: [String: String] = [:]) {
    self.directory = directory
    self.context = context
  }

  private struct Envelope<R: Codable>: Codable {
    var key: String
    var result: R
  }

  /// The full key of an entry: its name plus the context, canonical JSON.
  public func key(for name: String) -> String {
    var parts = context
    parts["name"] = name
    return (try? CanonicalJSON.string(parts)) ?? name
  }

  /// The file of an entry: its name and a digest of its full key.
  public func path(for name: String) -> URL {
    directory.appendingPathComponent("\(name)-\(SHA256.hexDigest(key(for: name)).prefix(12)).json")
  }

  /// The stored result of `name`, or nil when missing, corrupt or under another key.
  public func load<R: Codable>(_ type: R.Type, name: String) -> R? {
    guard let payload = try? ChecksummedFile.read(path(for: name).path),
      let envelope = try? CanonicalJSON.decoder().decode(Envelope<R>.self, from: payload),
      envelope.key == key(for: name)
    else { return nil }
    return envelope.result
  }

  /// Stores `result` under `name`, atomically.
  public func save<R: Codable>(_ result: R, name: String) throws {
    let payload = try CanonicalJSON.encode(Envelope(key: key(for: name), result: result))
    try ChecksummedFile.write(payload, to: path(for: name).path)
  }

  /// The stored result of `name`, or `compute()`'s, stored for next time; also says which.
  ///
  /// While an entry is computed, its lock file (`<entry>.lock`, `flock`) is held: another process
  /// asking for the same entry (two lessons rendered side by side that share an experiment)
  /// waits for it and then loads the stored result instead of computing it a second time. The
  /// lock is released when the process exits, however it exits.
  public func memo<R: Codable>(_ name: String, _ compute: () throws -> R) rethrows -> (R, Outcome) {
    if let hit = load(R.self, name: name) { return (hit, .hit) }
    let lock = FileLock(path: path(for: name).path + ".lock")
    defer { lock.release() }
    if lock.acquired, let hit = load(R.self, name: name) { return (hit, .hit) }
    let existed = FileManager.default.fileExists(atPath: path(for: name).path)
    let value = try compute()
    // A store that cannot be written costs a recomputation next time, never the result.
    try? save(value, name: name)
    return (value, existed ? .recomputed : .miss)
  }

  /// The result of the experiment `config`, loaded or computed (named by `config.name`).
  public func run<C: ExperimentConfig, R: Codable>(_ config: C, _ compute: () throws -> R)
    rethrows -> R
  {
    try memo(config.name, compute).0
  }
}
