import Foundation
import Lottery
import NeuralNet

/// The benchmark of `ticketbook bench supermask`: the cost of an edge-popup training step
/// against a dense step of the same MLP, and edge-popup's Fashion-MNIST accuracy per weight
/// initialisation and width.
///
/// The step timing alternates blocks of edge-popup and dense steps (and of top-k selections
/// alone) on one random batch and reports the median per-step CPU time of each, measured on the
/// calling thread with one OpenBLAS thread. With `epochs` > 0 it then runs edge-popup and the
/// random-subnetwork control on Fashion-MNIST for each initialisation, width and seed.
public struct SupermaskBenchmark: Sendable {
  /// The MLPs' widths, input first, one network each.
  public var widths: [[Int]]
  /// Fraction of each layer's weights kept (the paper's k), 0–1.
  public var kept: Double
  /// Samples per step.
  public var batch: Int
  /// Steps per timed block.
  public var steps: Int
  /// Timed blocks of each kind (the median is reported).
  public var rounds: Int
  /// Epochs of edge-popup on Fashion-MNIST per run (0: timing only).
  public var epochs: Int
  /// Short names of the weight initialisations (see `initializerNames`).
  public var inits: [String]
  /// Seeds of the weights and initial scores, one accuracy run each.
  public var seeds: [UInt64]
  /// Whether the frozen weights are scaled by 1/√k.
  public var scaleByKept: Bool
  /// The Fashion-MNIST directory (nil: the default resolution).
  public var dataDirectory: String?

  /// Creates a benchmark; the defaults are the published settings.
  public init(
    widths: [[Int]] = [[784, 300, 100, 10]], kept: Double = 0.5, batch: Int = 128,
    steps: Int = 50, rounds: Int = 9, epochs: Int = 0, inits: [String] = ["sc", "kn"],
    seeds: [UInt64] = [0], scaleByKept: Bool = false, dataDirectory: String? = nil
  ) {
    self.widths = widths
    self.kept = kept
    self.batch = batch
    self.steps = steps
    self.rounds = rounds
    self.epochs = epochs
    self.inits = inits
    self.seeds = seeds
    self.scaleByKept = scaleByKept
    self.dataDirectory = dataDirectory
  }

  /// The initialisations by short name: `sc` signed Kaiming constant, `kn` Kaiming normal, `ku`
  /// Kaiming uniform.
  public static let initializerNames = ["sc", "kn", "ku"]

  static func initializer(_ name: String) -> Initializer? {
    switch name {
    case "sc": .signedKaimingConstant()
    case "kn": .kaimingNormal()
    case "ku": .kaimingUniform()
    default: nil
    }
  }

  /// The step timing of one MLP; the JSON keys are the ones `--json` prints.
  public struct StepReport: Codable, Sendable {
    /// Always "step".
    public var kind = "step"
    /// The widths, input first.
    public var widths: [Int]
    /// The fraction of weights kept.
    public var kept: Double
    /// Samples per step.
    public var batch: Int
    /// Median CPU seconds per edge-popup step.
    public var edgePopupSeconds: Double
    /// Median CPU seconds per dense step.
    public var denseSeconds: Double
    /// edgePopupSeconds / denseSeconds.
    public var ratio: Double
    /// Median CPU seconds per step of the top-k selections alone.
    public var topKSeconds: Double
    /// The scores (one per weight).
    public var weights: Int
    /// Every block's seconds per edge-popup step.
    public var edgePopupAll: [Double]
    /// Every block's seconds per dense step.
    public var denseAll: [Double]

    enum CodingKeys: String, CodingKey {
      case kind, widths, kept, batch, ratio, weights
      case edgePopupSeconds = "edge_popup_seconds"
      case denseSeconds = "dense_seconds"
      case topKSeconds = "top_k_seconds"
      case edgePopupAll = "edge_popup_all"
      case denseAll = "dense_all"
    }
  }

  /// The accuracy of one edge-popup run and its control; the JSON keys are the ones `--json`
  /// prints.
  public struct AccuracyReport: Codable, Sendable {
    /// Always "accuracy".
    public var kind = "accuracy"
    /// The widths, input first.
    public var widths: [Int]
    /// The initialisation's short name.
    public var initializer: String
    /// The fraction of weights kept.
    public var kept: Double
    /// Whether the frozen weights were scaled by 1/√k.
    public var scaleByKept: Bool
    /// Epochs trained.
    public var epochs: Int
    /// The seed.
    public var seed: UInt64
    /// Edge-popup's final test accuracy.
    public var edgePopupAccuracy: Double
    /// Edge-popup's test accuracy at every evaluation.
    public var edgePopupPerEpoch: [Double]
    /// The random subnetwork's test accuracy.
    public var randomSubnetworkAccuracy: Double
    /// Per layer, the fraction of the final mask's weights the initial mask kept too.
    public var overlapWithInitial: [Double]
    /// Wall-clock seconds of the edge-popup run.
    public var seconds: Double

    enum CodingKeys: String, CodingKey {
      case kind, widths, kept, epochs, seed, seconds
      case initializer = "init"
      case scaleByKept = "scale_by_kept"
      case edgePopupAccuracy = "edge_popup_accuracy"
      case edgePopupPerEpoch = "edge_popup_per_epoch"
      case randomSubnetworkAccuracy = "random_subnetwork_accuracy"
      case overlapWithInitial = "overlap_with_initial"
    }
  }

  /// One line of the benchmark's output.
  public enum Report: Encodable, Sendable {
    /// A step timing.
    case step(StepReport)
    /// An accuracy run.
    case accuracy(AccuracyReport)

    /// Encodes the report itself (its `kind` field tells which).
    public func encode(to encoder: any Encoder) throws {
      switch self {
      case .step(let r): try r.encode(to: encoder)
      case .accuracy(let r): try r.encode(to: encoder)
      }
    }
  }

  /// Runs the timings, then the accuracy runs; `report` receives each line as it is measured.
  public func run(report: (Report) -> Void) throws {
    BLAS.setThreads(1)
    for w in widths { report(.step(try timeSteps(w))) }
    guard epochs > 0 else { return }
    let splits = try DataConfig().load(directory: dataDirectory)
    for w in widths {
      for i in inits {
        guard let weightInit = Self.initializer(i) else { continue }
        for seed in seeds {
          var config = SupermaskConfig(
            widths: w, weightInit: weightInit, keptFraction: kept, scaleByKept: scaleByKept,
            seed: seed)
          config.training.length = .epochs(epochs)
          var found: SupermaskResult?
          let seconds = try BenchStatistics.wallSeconds {
            found = try EdgePopup.run(config, data: splits)
          }
          let random = try EdgePopup.run(config.with(control: .randomSubnetwork), data: splits)
          guard let found else { continue }
          report(
            .accuracy(
              AccuracyReport(
                widths: w, initializer: i, kept: kept, scaleByKept: scaleByKept, epochs: epochs,
                seed: seed, edgePopupAccuracy: found.finalAccuracy,
                edgePopupPerEpoch: found.history.compactMap { $0.test?.accuracy },
                randomSubnetworkAccuracy: random.finalAccuracy,
                overlapWithInitial: found.layers.map(\.overlapWithInitial), seconds: seconds)))
        }
      }
    }
  }

  /// Median seconds per step of edge-popup and of dense training of the same widths.
  func timeSteps(_ w: [Int]) throws -> StepReport {
    let supermask = try SupermaskModel(widths: w, keptFraction: kept).build(seed: 0)
    let dense = try ModelSpec.mlp(widths: w).build(weightInit: .kaimingNormal(), seed: 0)
    let sgd = OptimizerConfig.sgd(momentum: 0.9, weightDecay: 1e-4)
    var g = SeededGenerator(seed: 1)
    let x = Tensor(shape: [batch, w[0]], values: (0..<batch * w[0]).map { _ in g.nextNormal() })
    let labels = (0..<batch).map { _ in Int32(g.nextInt(below: w.last!)) }
    let runs = [(supermask, sgd.make(supermask.parameters)), (dense, sgd.make(dense.parameters))]
    let steps = steps
    var times: [[Double]] = []
    FloatControl.withDenormalsFlushed {
      for (net, opt) in runs { _ = Self.block(net, opt, x, labels, steps: 5) }
      let perStep = runs.map { net, opt in
        { Self.block(net, opt, x, labels, steps: steps) / Double(steps) }
      }
      let selection = {
        let start = BenchStatistics.threadSeconds()
        for _ in 0..<steps { for layer in supermask.supermaskLayers { layer.updateMask() } }
        return (BenchStatistics.threadSeconds() - start) / Double(steps)
      }
      times = BenchStatistics.interleaved(repetitions: rounds, perStep + [selection])
    }
    let ep = BenchStatistics.median(times[0])
    let dn = BenchStatistics.median(times[1])
    return StepReport(
      widths: w, kept: kept, batch: batch, edgePopupSeconds: ep, denseSeconds: dn,
      ratio: ep / dn, topKSeconds: BenchStatistics.median(times[2]),
      weights: supermask.parameterCount, edgePopupAll: times[0], denseAll: times[1])
  }

  /// Thread CPU seconds for `steps` training steps (forward, loss, backward, optimiser step).
  static func block(
    _ net: Sequential, _ opt: Optimizer, _ x: Tensor, _ labels: [Int32], steps: Int
  ) -> Double {
    let loss = SoftmaxCrossEntropy()
    let start = BenchStatistics.threadSeconds()
    for _ in 0..<steps {
      let logits = net.forward(x, training: true)
      _ = labels.withUnsafeBufferPointer { loss.loss(logits: logits, labels: $0.baseAddress!) }
      net.backward(loss.gradient)
      opt.step(learningRate: 0.01)
    }
    return BenchStatistics.threadSeconds() - start
  }
}
