import Canonical
import Foundation

/// An on-disk store of experiment results, keyed by a name and by everything that can change the
/// numbers (engine build, dataset checksum, …), so the same configuration run again loads
/// instead of training.
///
/// Each entry is one JSON file: the key, the SHA-256 of the payload, and the payload. Writes
/// go to a temporary file renamed into place (atomic); reads verify the key and the checksum,
/// and a corrupt or mismatched entry is discarded and recomputed.
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
    /// The entry was corrupt or stale; it was discarded, recomputed and stored.
    case recomputed
  }

  /// Creates a store in `directory` (created when first written).
  public init(directory: URL, context: [String: String] = [:]) {
    self.directory = directory
    self.context = context
  }

  /// The store named by the environment of a lesson run (`TICKETBOOK_MEMO_DIR`,
  /// `TICKETBOOK_ENGINE_BUILD`, `TICKETBOOK_DATASET_CHECKSUM`), or `.ticketbook-cache/results`.
  public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment)
    -> ResultStore
  {
    let dir = env["TICKETBOOK_MEMO_DIR"] ?? ".ticketbook-cache/results"
    var context: [String: String] = [:]
    if let e = env["TICKETBOOK_ENGINE_BUILD"] { context["engine"] = e }
    if let d = env["TICKETBOOK_DATASET_CHECKSUM"] { context["dataset"] = d }
    return ResultStore(directory: URL(fileURLWithPath: dir), context: context)
  }

  private struct Envelope<R: Codable>: Codable {
    var key: String
    var payloadSHA256: String
    var payload: R
  }

  /// The full key of an entry: its name plus the context, canonical JSON.
  public func key(for name: String) -> String {
    var parts = context
    parts["name"] = name
    return (try? CanonicalJSON.string(parts)) ?? name
  }

  /// The file of an entry.
  public func path(for name: String) -> URL {
    directory.appendingPathComponent(
      "\(name)-\(SHA256.hexDigest(key(for: name)).prefix(12)).json")
  }

  /// The stored result of `name`, or nil when missing, stale or corrupt.
  public func load<R: Codable>(_ type: R.Type, name: String) -> R? {
    guard let data = try? Data(contentsOf: path(for: name)),
      let envelope = try? CanonicalJSON.decoder().decode(Envelope<R>.self, from: data),
      envelope.key == key(for: name),
      let payload = try? CanonicalJSON.encode(envelope.payload),
      SHA256.hexDigest(Array(payload)) == envelope.payloadSHA256
    else { return nil }
    return envelope.payload
  }

  /// Stores `result` under `name`, atomically.
  public func save<R: Codable>(_ result: R, name: String) throws {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let payload = try CanonicalJSON.encode(result)
    let envelope = Envelope(
      key: key(for: name), payloadSHA256: SHA256.hexDigest(Array(payload)), payload: result)
    let data = try CanonicalJSON.encode(envelope)
    let target = path(for: name)
    let temp = directory.appendingPathComponent(".\(target.lastPathComponent).\(getpid()).tmp")
    try data.write(to: temp)
    if rename(temp.path, target.path) != 0 {
      try? FileManager.default.removeItem(at: temp)
      throw CocoaError(.fileWriteUnknown)
    }
  }

  /// The stored result of `name`, or `compute()`'s, stored for next time; also says which.
  public func memo<R: Codable>(_ name: String, _ compute: () throws -> R) throws -> (R, Outcome) {
    if let hit = load(R.self, name: name) { return (hit, .hit) }
    let existed = FileManager.default.fileExists(atPath: path(for: name).path)
    let value = try compute()
    try save(value, name: name)
    return (value, existed ? .recomputed : .miss)
  }

  /// The result of the experiment `config`, loaded or computed (named by `config.name`).
  public func run<C: ExperimentConfig, R: Codable>(_ config: C, _ compute: () throws -> R) throws
    -> R
  {
    try memo(config.name, compute).0
  }
}
