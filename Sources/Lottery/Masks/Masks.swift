import Foundation
import NeuralNet

/// The masks of a network's parameters, in parameter order: a Codable value that survives
/// save/load and travels between networks of the same architecture (ticket transfer).
public struct MaskSet: Codable, Equatable, Sendable {
  /// The parameter names, in order.
  public var names: [String]
  /// One 0/1 tensor per parameter, nil where the parameter is unmasked.
  public var masks: [Tensor?]

  /// The current masks of `network`.
  public init(of network: Sequential) {
    let params = network.parameters
    names = params.map(\.name)
    masks = params.map { $0.mask?.copy() }
  }

  /// Masks that keep everything in every weight tensor of `network` (biases unmasked).
  public static func dense(for network: Sequential) -> MaskSet {
    var set = MaskSet(of: network)
    set.masks = network.parameters.map {
      $0.role == .bias ? nil : Tensor(shape: $0.value.shape, repeating: 1)
    }
    return set
  }

  /// Installs these masks on `network` (which must have the same parameters), zeroing the
  /// pruned weights.
  public func apply(to network: Sequential) {
    let params = network.parameters
    precondition(params.map(\.name) == names, "masks of another architecture")
    for (p, m) in zip(params, masks) { p.setMask(m) }
  }
}

/// Weights kept and removed in one parameter tensor.
public struct LayerSparsity: Codable, Equatable, Sendable {
  /// The parameter's name, such as `fc1.weight`.
  public var name: String
  /// Elements in the tensor.
  public var total: Int
  /// Elements the mask keeps.
  public var kept: Int

  /// The fraction kept, 0–1.
  public var density: Double { total == 0 ? 0 : Double(kept) / Double(total) }
  /// The fraction removed, 0–1.
  public var sparsity: Double { 1 - density }
}

/// Weights kept per layer and in total: the columns of a compression table.
public struct SparsityReport: Codable, Equatable, Sendable {
  /// One entry per parameter tensor (weights and biases).
  public var layers: [LayerSparsity]

  /// Measures `network`'s masks.
  public init(_ network: Sequential) {
    layers = network.parameters.map {
      LayerSparsity(name: $0.name, total: $0.count, kept: $0.unmaskedCount)
    }
  }

  /// Parameters in total, biases included.
  public var total: Int { layers.reduce(0) { $0 + $1.total } }
  /// Parameters kept, biases included.
  public var kept: Int { layers.reduce(0) { $0 + $1.kept } }
  /// The fraction of all parameters kept.
  public var density: Double { total == 0 ? 0 : Double(kept) / Double(total) }
  /// total / kept, as in Han et al.'s tables ("13×").
  public var compressionRate: Double { kept == 0 ? .infinity : Double(total) / Double(kept) }

  /// The weight tensors only (what pruning acts on).
  public var weights: [LayerSparsity] { layers.filter { $0.name.hasSuffix(".weight") } }
  /// The fraction of weights (biases excluded) kept: the Lottery Ticket paper's "percent of
  /// weights remaining" divided by 100.
  public var weightDensity: Double {
    let t = weights.reduce(0) { $0 + $1.total }
    return t == 0 ? 0 : Double(weights.reduce(0) { $0 + $1.kept }) / Double(t)
  }
}

extension Sequential {
  /// The weights kept per layer and in total.
  public var sparsity: SparsityReport { SparsityReport(self) }

  /// The fraction of weights (biases excluded) the masks keep.
  public var weightDensity: Double { sparsity.weightDensity }

  /// The masks of every parameter.
  public var maskSet: MaskSet { MaskSet(of: self) }
}

extension MaskSet {
  private enum CodingKeys: String, CodingKey { case names, masks }

  private struct PackedMask: Codable {
    var shape: [Int]
    /// One bit per element, least significant bit first, base64.
    var bits: String
  }

  /// Decodes masks stored as bit-packed base64 (1/32 of the size of a Float array).
  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    names = try c.decode([String].self, forKey: .names)
    let packed = try c.decode([PackedMask?].self, forKey: .masks)
    masks = try packed.map { p in
      guard let p else { return nil }
      let count = p.shape.reduce(1, *)
      guard let data = Data(base64Encoded: p.bits), data.count == (count + 7) / 8 else {
        throw DecodingError.dataCorruptedError(
          forKey: .masks, in: c, debugDescription: "mask bits do not match shape \(p.shape)")
      }
      let bytes = [UInt8](data)
      let t = Tensor(shape: p.shape)
      for i in 0..<count where bytes[i >> 3] & (1 << UInt8(i & 7)) != 0 { t[i] = 1 }
      return t
    }
  }

  /// Encodes every mask as bit-packed base64.
  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(names, forKey: .names)
    let packed: [PackedMask?] = masks.map { m in
      guard let m else { return nil }
      var bytes = [UInt8](repeating: 0, count: (m.count + 7) / 8)
      for i in 0..<m.count where m[i] != 0 { bytes[i >> 3] |= 1 << UInt8(i & 7) }
      return PackedMask(shape: m.shape, bits: Data(bytes).base64EncodedString())
    }
    try c.encode(packed, forKey: .masks)
  }
}
