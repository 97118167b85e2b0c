import Foundation
import Lottery
import NeuralNet

/// The per-layer benchmark of `ticketbook bench layers`: one training step (forward and
/// backward) of each dense and convolution layer of a model, on the input it receives in the
/// network, with the dense kernel against the sparse one at a range of densities.
///
/// The crossovers behind `KernelChoice.auto` are measured here: a layer's share of a network's
/// epoch is small, so the kernels are compared on the layer alone. Dense and sparse alternate,
/// one timed stretch of `steps` steps each per repetition; the fastest stretch of each is
/// reported (other processes only ever slow a stretch down). Each row also reports the largest
/// difference between the two kernels' outputs and gradients, relative to the largest value, so
/// a row shows the two computed the same layer. Every row starts from the layer's initial
/// weights (masking zeroes the pruned ones) and draws its mask from a generator seeded by the
/// layer's index and the density alone, so a row does not depend on the other rows.
public struct LayerBenchmark: Sendable {
  /// The network whose layers are timed.
  public var model: ModelSpec
  /// Fractions of each layer's weights kept, one row each.
  public var densities: [Double]
  /// Samples per step.
  public var batchSize: Int
  /// The engine's threads (`BLAS.setThreads`).
  public var threads: Int
  /// Timed stretches per kernel and row (the fastest is reported).
  public var repetitions: Int
  /// Training steps per timed stretch.
  public var steps: Int
  /// Indices of the layers to time among the model's dense and convolution layers, input first
  /// (nil: all of them).
  public var layers: [Int]?

  /// The densities of `bench layers` by default: 100% down to 1%.
  public static let standardDensities = [1, 0.5, 0.3, 0.2, 0.1, 0.05, 0.01]

  /// Creates a benchmark.
  public init(
    model: ModelSpec, densities: [Double] = standardDensities, batchSize: Int = 60,
    threads: Int = 1, repetitions: Int = 7, steps: Int = 20, layers: [Int]? = nil
  ) {
    self.model = model
    self.densities = densities
    self.batchSize = batchSize
    self.threads = threads
    self.repetitions = repetitions
    self.steps = steps
    self.layers = layers
  }

  /// One measured layer and density; the JSON keys are the ones `--json` prints.
  public struct Row: Codable, Equatable, Sendable {
    /// The layer's index among the model's dense and convolution layers, input first.
    public var layer: Int
    /// The layer's name and shape, such as `conv1: Conv2D(1→6, 5×5)`.
    public var summary: String
    /// The fraction of weights the mask keeps.
    public var density: Double
    /// Weights kept.
    public var kept: Int
    /// Seconds per training step with the dense kernel (fastest stretch).
    public var denseSeconds: Double
    /// Seconds per training step with the sparse kernel (fastest stretch).
    public var sparseSeconds: Double
    /// denseSeconds / sparseSeconds.
    public var speedup: Double
    /// The kernel `auto` picks for the layer at this density.
    public var auto: Dense.Kernel
    /// The largest difference between the kernels' output, weight and bias gradients (and input
    /// gradient, past the first layer), relative to the largest magnitude of each.
    public var relativeError: Double

    enum CodingKeys: String, CodingKey {
      case layer, summary, density, kept
      case denseSeconds = "dense_seconds"
      case sparseSeconds = "sparse_seconds"
      case speedup, auto
      case relativeError = "relative_error"
    }
  }

  /// A layer whose kernel can be chosen.
  private enum Timed {
    case dense(Dense)
    case convolution(Conv2D)

    var layer: Layer {
      switch self {
      case .dense(let d): return d
      case .convolution(let c): return c
      }
    }

    var weight: Parameter {
      switch self {
      case .dense(let d): return d.weight
      case .convolution(let c): return c.weight
      }
    }

    func set(_ kernel: Dense.Kernel) {
      switch self {
      case .dense(let d): d.kernel = kernel
      case .convolution(let c): c.kernel = kernel
      }
    }

    var automatic: Dense.Kernel {
      switch self {
      case .dense(let d): return KernelChoice.auto.kernel(for: d)
      case .convolution(let c): return KernelChoice.auto.kernel(for: c)
      }
    }
  }

  /// Runs the benchmark, handing each row to `row` as it is measured; returns all rows.
  @discardableResult
  public func run(row: (Row) throws -> Void = { _ in }) throws -> [Row] {
    let previousThreads = BLAS.threads
    BLAS.setThreads(threads)
    defer { BLAS.setThreads(previousThreads) }
    let network = try model.build(seed: 0)
    var generator = SeededGenerator(seed: 1)
    var x = Tensor(shape: [batchSize] + network.inputShape)
    for i in 0..<x.count { x[i] = generator.nextUniform(-1, 1) }
    // Each layer's input in the network: the forward pass of a random batch.
    var inputs: [(Timed, Tensor)] = []
    for layer in network.layers {
      if let d = layer as? Dense {
        inputs.append((.dense(d), x.copy()))
      } else if let c = layer as? Conv2D {
        inputs.append((.convolution(c), x.copy()))
      }
      x = layer.forward(x, training: false).copy()
    }
    var rows: [Row] = []
    for (index, (timed, input)) in inputs.enumerated() where layers?.contains(index) ?? true {
      let layer = timed.layer
      let weight = timed.weight
      let needsInputGradient = index > 0
      let output = layer.forward(input, training: false)
      var layerGenerator = SeededGenerator(seed: 2 &+ UInt64(index))
      var gradient = Tensor(shape: output.shape)
      for i in 0..<gradient.count { gradient[i] = layerGenerator.nextUniform(-1, 1) }
      let initial = weight.value.copy()
      for density in densities {
        weight.setMask(nil)
        weight.value.buffer.update(fromContentsOf: initial.buffer)
        var maskGenerator = SeededGenerator(
          seed: UInt64(index) &* 1_000_003 &+ UInt64((density * 1e6).rounded()))
        let mask = RandomMask.keeping(
          density: density, shape: weight.value.shape, using: &maskGenerator)
        weight.setMask(mask)
        func step() -> [Tensor] {
          let y = layer.forward(input, training: true).copy()
          let dx = layer.backward(gradient, needsInputGradient: needsInputGradient)
          return [y] + layer.parameters.map { $0.gradient.copy() } + (dx.map { [$0.copy()] } ?? [])
        }
        timed.set(.dense)
        let dense = step()
        timed.set(.sparse)
        let sparse = step()
        let error = zip(dense, sparse).map { Self.relativeDifference($0, $1) }.max() ?? 0
        var best: [Dense.Kernel: Double] = [.dense: .infinity, .sparse: .infinity]
        for _ in 0..<repetitions {
          for kernel in [Dense.Kernel.dense, .sparse] {
            timed.set(kernel)
            _ = layer.forward(input, training: true)  // warm-up
            _ = layer.backward(gradient, needsInputGradient: needsInputGradient)
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<steps {
              _ = layer.forward(input, training: true)
              _ = layer.backward(gradient, needsInputGradient: needsInputGradient)
            }
            let seconds =
              Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(steps)
            best[kernel] = Swift.min(best[kernel]!, seconds)
          }
        }
        timed.set(.dense)
        let measured = Row(
          layer: index, summary: "\(layer.name): \(layer.summary)", density: density,
          kept: weight.unmaskedCount, denseSeconds: best[.dense]!, sparseSeconds: best[.sparse]!,
          speedup: best[.dense]! / best[.sparse]!, auto: timed.automatic,
          relativeError: error)
        rows.append(measured)
        try row(measured)
      }
      weight.setMask(nil)
      weight.value.buffer.update(fromContentsOf: initial.buffer)
    }
    return rows
  }

  /// max |a − b| / max |b| (0 when both are zero); infinity when the shapes differ or a value
  /// is not finite, so a kernel that computes NaN never looks exact.
  static func relativeDifference(_ a: Tensor, _ b: Tensor) -> Double {
    guard a.shape == b.shape else { return .infinity }
    var worst: Float = 0
    var largest: Float = 0
    for i in 0..<a.count {
      guard a[i].isFinite, b[i].isFinite else { return .infinity }
      worst = Swift.max(worst, abs(a[i] - b[i]))
      largest = Swift.max(largest, abs(b[i]))
    }
    return largest > 0 ? Double(worst / largest) : Double(worst)
  }
}
