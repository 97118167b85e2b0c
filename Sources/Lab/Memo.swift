import Foundation
import LabRecords
import Lottery
import NeuralNet

/// Runs an expensive computation once and reuses its stored result ever after.
///
/// The result is stored under `TICKETBOOK_MEMO_DIR`, keyed by the SHA-256 of `name`, the
/// canonical JSON of `config` (sorted keys), the engine build, the OpenBLAS kernel family and the
/// dataset checksum: changing the configuration, rebuilding the engine, running on other BLAS
/// kernels (`OPENBLAS_CORETYPE`) or changing the data computes again; editing prose,
/// plots or other cells does not. Stored results are checksummed and written atomically; a
/// corrupt one is recomputed and stored again, with a warning naming its file. A later lesson that calls `memo` with the same name
/// and config reuses an earlier lesson's result.
///
///     let run = try memo("lenet", config: config) { try train(config) }
public func memo<Config: Encodable, Result: Codable>(
  _ name: String, config: Config, _ body: () throws -> Result
) rethrows -> Result {
  Memo(runtime: _lab).recordSeeds(name, config: config)
  return try Memo(runtime: _lab).value(name, config: config, body)
}

/// Runs an expensive computation once, named by the type of its config; see
/// ``memo(_:config:_:)``.
public func memo<Config: Encodable, Result: Codable>(
  _ config: Config, _ body: () throws -> Result
) rethrows -> Result {
  // An experiment configuration names itself (kind and hash of its non-default fields).
  if let experiment = config as? any ExperimentConfig {
    Memo(runtime: _lab).recordSeeds(experiment.name, config: config)
    return try Memo(runtime: _lab).value(experiment.name, storeName: experiment.name, body)
  }
  return try memo(String(describing: Config.self), config: config, body)
}

/// The memo store of one runtime.
public struct Memo {
  /// The runtime whose configuration names the directory and the key's ingredients.
  public let runtime: LabRuntime

  /// Creates the store of `runtime`.
  public init(runtime: LabRuntime) {
    self.runtime = runtime
  }

  /// The name a computation is stored under: `name` and a digest of the config's canonical
  /// JSON.
  public func storeName<Config: Encodable>(_ name: String, config: Config) -> String {
    let json = (try? CanonicalJSON.string(config)) ?? "\(config)"
    let safe = name.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" }
    return String(safe.prefix(40)) + "-"
      + String(SHA256.hexDigest("memo v1\n\(name)\n\(json)").prefix(16))
  }

  /// Lottery's result store in the runtime's memo directory, keyed also by the engine build, the
  /// OpenBLAS kernel family and the dataset checksum.
  public var store: ResultStore? {
    runtime.configuration.memoDirectory.map {
      ResultStore(
        directory: URL(fileURLWithPath: $0),
        context: ResultStore.engineContext(
          engineBuild: runtime.configuration.engineBuild,
          datasetChecksum: runtime.configuration.datasetChecksum))
    }
  }

  /// Returns the stored result for `name` and `config`, or computes and stores it.
  public func value<Config: Encodable, Result: Codable>(
    _ name: String, config: Config, _ body: () throws -> Result
  ) rethrows -> Result {
    try value(name, storeName: storeName(name, config: config), body)
  }

  /// Returns the result stored under `key` (shown as `name`), or computes and stores it.
  public func value<Result: Codable>(
    _ name: String, storeName key: String, _ body: () throws -> Result
  ) rethrows -> Result {
    let start = ContinuousClock.now
    guard let store else {
      let result = try body()
      record(name, key, hit: false, since: start)
      return result
    }
    let (result, outcome) = try store.memo(key, body)
    if outcome == .recomputed {
      runtime.write(
        .warning(
          cell: runtime.cell,
          message: "memo \(name): the stored result \(store.path(for: key).path) was corrupt or "
            + "unreadable; recomputed and stored again"))
    }
    record(name, key, hit: outcome == .hit, since: start)
    return result
  }

  /// Writes the seeds found in `config` (every integer field whose name ends in "seed", at any
  /// depth, by its dotted path) as a record, so the page can list them.
  public func recordSeeds<Config: Encodable>(_ name: String, config: Config) {
    let seeds = Self.seeds(in: config)
    if !seeds.isEmpty { runtime.write(.seeds(cell: runtime.cell, source: name, seeds: seeds)) }
  }

  /// The integer fields of `config` whose names end in "seed" (case-insensitive), by dotted path.
  public static func seeds<Config: Encodable>(in config: Config) -> [String: UInt64] {
    guard let data = try? CanonicalJSON.encode(config),
      let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
    else { return [:] }
    var found: [String: UInt64] = [:]
    func walk(_ value: Any, _ path: String) {
      if let dictionary = value as? [String: Any] {
        for (key, child) in dictionary {
          let childPath = path.isEmpty ? key : path + "." + key
          if key.lowercased().hasSuffix("seed"), let number = child as? NSNumber,
            let seed = UInt64(exactly: number.doubleValue)
          {
            found[childPath] = seed
          } else {
            walk(child, childPath)
          }
        }
      } else if let array = value as? [Any] {
        for (i, child) in array.enumerated() { walk(child, "\(path)[\(i)]") }
      }
    }
    walk(object, "")
    return found
  }

  /// Writes the memo record of one lookup of `name` (stored under `key`) that began at `start`.
  func record(
    _ name: String, _ key: String, hit: Bool, since start: ContinuousClock.Instant
  ) {
    record(name, key, hit: hit, seconds: LabRuntime.seconds(ContinuousClock.now - start))
  }

  /// Writes the memo record of one lookup that took `seconds`.
  func record(_ name: String, _ key: String, hit: Bool, seconds: Double) {
    runtime.write(.memo(cell: runtime.cell, name: name, key: key, hit: hit, seconds: seconds))
  }
}
