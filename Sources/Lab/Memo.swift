import Foundation
import LabRecords

/// Runs an expensive computation once and reuses its stored result ever after.
///
/// The result is stored under `TICKETBOOK_MEMO_DIR`, keyed by the SHA-256 of `name`, the
/// canonical JSON of `config` (sorted keys), the engine build and the dataset checksum: changing
/// the configuration, rebuilding the engine or changing the data computes again; editing prose,
/// plots or other cells does not. Stored results are checksummed and written atomically; a
/// corrupt one is discarded and recomputed. A later lesson that calls `memo` with the same name
/// and config reuses an earlier lesson's result.
///
///     let run = try memo("lenet", config: config) { try train(config) }
public func memo<Config: Encodable, Result: Codable>(
  _ name: String, config: Config, _ body: () throws -> Result
) rethrows -> Result {
  try Memo(runtime: _lab).value(name, config: config, body)
}

/// Runs an expensive computation once, named by the type of its config; see
/// ``memo(_:config:_:)``.
public func memo<Config: Encodable, Result: Codable>(
  _ config: Config, _ body: () throws -> Result
) rethrows -> Result {
  try memo(String(describing: Config.self), config: config, body)
}

/// The memo store of one runtime.
public struct Memo {
  /// The runtime whose configuration names the directory and the key's ingredients.
  public let runtime: LabRuntime

  /// Creates the store of `runtime`.
  public init(runtime: LabRuntime) {
    self.runtime = runtime
  }

  /// The key of a memoised computation: SHA-256 over name, canonical config, engine, dataset.
  public func key<Config: Encodable>(_ name: String, config: Config) -> String {
    let json = (try? CanonicalJSON.string(config)) ?? "\(config)"
    let parts = [
      "memo v1", name, json, runtime.configuration.engineBuild,
      runtime.configuration.datasetChecksum,
    ]
    return SHA256.hexDigest(parts.joined(separator: "\n"))
  }

  /// The file holding the result stored under `key`, if the runtime has a memo directory.
  public func path(forKey key: String) -> String? {
    runtime.configuration.memoDirectory.map { $0 + "/" + key + ".json" }
  }

  /// Returns the stored result for `name` and `config`, or computes and stores it.
  public func value<Config: Encodable, Result: Codable>(
    _ name: String, config: Config, _ body: () throws -> Result
  ) rethrows -> Result {
    let key = key(name, config: config)
    let start = ContinuousClock.now
    let path = path(forKey: key)
    if let path, let payload = try? ChecksummedFile.read(path),
      let stored = try? CanonicalJSON.decoder().decode(Result.self, from: payload)
    {
      record(name, key, hit: true, since: start)
      return stored
    }
    let result = try body()
    if let path, let payload = try? CanonicalJSON.encode(result) {
      try? ChecksummedFile.write(payload, to: path)
    }
    record(name, key, hit: false, since: start)
    return result
  }

  private func record(
    _ name: String, _ key: String, hit: Bool, since start: ContinuousClock.Instant
  ) {
    let seconds = LabRuntime.seconds(ContinuousClock.now - start)
    runtime.write(.memo(cell: runtime.cell, name: name, key: key, hit: hit, seconds: seconds))
  }
}
