import Canonical
import Foundation

/// An experiment configuration: Codable, with defaults, so its name depends only on what differs
/// from them (open_lth names runs the same way).
public protocol ExperimentConfig: Codable, Equatable, Sendable {
  /// A short word for the kind of experiment, such as "lottery"; it starts the name.
  static var kind: String { get }
  /// The configuration with every field at its default.
  static var defaults: Self { get }
}

/// An experiment that runs again with another seed: replicates are the same configuration with
/// seeds 0, 1, 2, ….
public protocol SeededExperiment: ExperimentConfig {
  /// The seed of the run's random draws (initial values, masks, …).
  var seed: UInt64 { get set }
}

extension SeededExperiment {
  /// The same experiment with another seed.
  public func with(seed: UInt64) -> Self { with(\.seed, seed) }
}

/// An experiment with controls: the same run with the thing under test replaced, such as a
/// winning ticket by a randomly re-initialised one.
public protocol ControlledExperiment: ExperimentConfig {
  /// The kinds of run: the experiment itself and its controls.
  associatedtype Control
  /// Which run this is.
  var control: Control { get set }
}

extension ControlledExperiment {
  /// The same experiment as another control.
  public func with(control: Control) -> Self { with(\.control, control) }
}

extension ExperimentConfig {
  /// The same experiment with one field changed: `config.with(\.rounds, 20)`.
  public func with<Value>(_ field: WritableKeyPath<Self, Value>, _ value: Value) -> Self {
    var c = self
    c[keyPath: field] = value
    return c
  }

  /// The canonical JSON of the fields that differ from `defaults`, keys sorted.
  public var canonicalJSON: String {
    let mine = (try? Self.jsonObject(self)) ?? [:]
    let base = (try? Self.jsonObject(Self.defaults)) ?? [:]
    let diff = Self.removingDefaults(mine, base)
    let data = try! JSONSerialization.data(
      withJSONObject: diff, options: [.sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed])
    return String(decoding: data, as: UTF8.self)
  }

  /// The experiment's name: its kind and the first 16 hex digits of the SHA-256 of
  /// `canonicalJSON`, such as `lottery-3fa2…`.
  public var name: String {
    "\(Self.kind)-" + String(SHA256.hexDigest(canonicalJSON).prefix(16))
  }

  private static func jsonObject(_ value: Self) throws -> [String: Any] {
    let data = try CanonicalJSON.encode(value)
    return (try JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
  }

  private static func sameJSON(_ a: Any, _ b: Any) -> Bool {
    let options: JSONSerialization.WritingOptions = [.sortedKeys, .fragmentsAllowed]
    return (try? JSONSerialization.data(withJSONObject: [a], options: options))
      == (try? JSONSerialization.data(withJSONObject: [b], options: options))
  }

  /// Drops every key whose value equals the default's, recursively into nested objects.
  private static func removingDefaults(_ value: [String: Any], _ base: [String: Any]) -> [String:
    Any]
  {
    var out: [String: Any] = [:]
    for (key, v) in value {
      guard let b = base[key] else {
        out[key] = v
        continue
      }
      if let vo = v as? [String: Any], let bo = b as? [String: Any] {
        let nested = removingDefaults(vo, bo)
        if !nested.isEmpty { out[key] = nested }
      } else if !sameJSON(v, b) {
        out[key] = v
      }
    }
    return out
  }
}
