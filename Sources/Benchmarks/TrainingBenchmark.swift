import Foundation
import Lottery
import NeuralNet

/// The training benchmark of `ticketbook bench train`: the same setup as the PyTorch reference
/// in shared/bench (Adam, lr 1.2e-3, batch 60, seed 0, PyTorch's default initialisation, the
/// full 60,000-image training set, inference on the test set at batch 1000).
public struct TrainingBenchmark: Sendable {
  /// The network to train.
  public var model: ModelSpec
  /// Epochs to train.
  public var epochs: Int
  /// Samples per step.
  public var batchSize: Int
  /// The engine's threads (`BLAS.setThreads`).
  public var threads: Int
  /// Fraction of every weight matrix removed by a fixed random mask (0: dense).
  public var maskFraction: Double
  /// The kernels masked layers train with.
  public var kernels: KernelChoice
  /// Timed inference passes over the test set (the median is reported).
  public var inferenceRepetitions: Int
  /// The Fashion-MNIST directory (nil: the default resolution).
  public var dataDirectory: String?

  /// Creates a benchmark with the reference settings.
  public init(
    model: ModelSpec, epochs: Int = 2, batchSize: Int = 60, threads: Int = 1,
    maskFraction: Double = 0, kernels: KernelChoice = .auto, inferenceRepetitions: Int = 7,
    dataDirectory: String? = nil
  ) {
    self.model = model
    self.epochs = epochs
    self.batchSize = batchSize
    self.threads = threads
    self.maskFraction = maskFraction
    self.kernels = kernels
    self.inferenceRepetitions = inferenceRepetitions
    self.dataDirectory = dataDirectory
  }

  /// The model of a name such as `lenet-300-100` or `mlp-784-300-10` (nil: unknown).
  public static func model(named name: String) -> ModelSpec? { ModelSpec(name: name) }

  /// The kernel choice of a name: `dense`, `sparse` or `auto` (nil: unknown).
  public static func kernels(named name: String) -> KernelChoice? { KernelChoice(rawValue: name) }

  /// What one benchmark run measured; the JSON keys are the ones `--json` prints.
  public struct Report: Codable, Sendable {
    /// The model's short name.
    public var model: String
    /// The engine's threads.
    public var threads: Int
    /// The mask fraction used.
    public var maskFraction: Double
    /// The kernel choice asked for (`dense`, `sparse` or `auto`).
    public var kernels: KernelChoice
    /// The kernel each dense or convolution layer trained with, input first.
    public var layerKernels: [Dense.Kernel]
    /// Wall-clock seconds of each epoch.
    public var epochSeconds: [Double]
    /// Training samples per second over the median epoch.
    public var samplesPerSecond: Double
    /// Test accuracy after the last epoch, 0–1.
    public var testAccuracy: Double
    /// Mean test loss after the last epoch: printed to the last bit, so two builds or thread
    /// counts that train to the same bits print the same value.
    public var testLoss: Double
    /// Inference samples per second at batch 1000 (median pass).
    public var inferenceSamplesPerSecond: Double
    /// The process's peak resident memory (VmHWM).
    public var peakMemoryBytes: Int
    /// The OpenBLAS kernel family in use (see `BLAS.coreName`): `OPENBLAS_CORETYPE` changes it,
    /// and with it the speed and the bits of every product.
    public var blasCore: String

    enum CodingKeys: String, CodingKey {
      case model, threads
      case maskFraction = "mask_fraction"
      case kernels
      case layerKernels = "layer_kernels"
      case epochSeconds = "epoch_seconds"
      case samplesPerSecond = "samples_per_second"
      case testAccuracy = "test_accuracy"
      case testLoss = "test_loss"
      case inferenceSamplesPerSecond = "inference_samples_per_second"
      case peakMemoryBytes = "peak_memory_bytes"
      case blasCore = "blas_core"
    }
  }

  /// Runs the benchmark; `progress` receives a line after each epoch.
  public func run(progress: ((String) -> Void)? = nil) throws -> Report {
    BLAS.setThreads(threads)
    let (train, test) = try FashionMNIST.load(directory: dataDirectory)
    let network = try model.build(weightInit: .pytorchDefault, biasInit: .pytorchDefault, seed: 0)
    if maskFraction > 0 {
      var g = SeededGenerator(seed: 1)
      for w in network.weights {
        w.setMask(RandomMask.keeping(density: 1 - maskFraction, shape: w.value.shape, using: &g))
      }
    }
    let config = TrainingConfig(
      length: .epochs(epochs), batchSize: batchSize, dataSeed: 0, kernels: kernels)
    let layerKernels = network.layers.compactMap { layer -> Dense.Kernel? in
      if let dense = layer as? Dense { return kernels.kernel(for: dense) }
      if let convolution = layer as? Conv2D { return kernels.kernel(for: convolution) }
      return nil
    }
    let result = try Trainer(model: network, config: config).train(on: train) { step in
      if step.iteration % (train.count / batchSize) == 0 {
        progress?("epoch \(step.iteration / (train.count / batchSize)) of \(epochs) done")
      }
    }
    let epochSeconds = result.epochSeconds
    let last = evaluate(network, on: test)
    let median = BenchStatistics.upperMedian(epochSeconds)
    return Report(
      model: model.name, threads: threads, maskFraction: maskFraction, kernels: kernels,
      layerKernels: layerKernels, epochSeconds: epochSeconds,
      samplesPerSecond: Double(train.count) / median, testAccuracy: last.accuracy,
      testLoss: last.loss,
      inferenceSamplesPerSecond: inferenceThroughput(network, test),
      peakMemoryBytes: BenchStatistics.peakResidentBytes(), blasCore: BLAS.coreName)
  }

  private func inferenceThroughput(_ network: Sequential, _ test: Dataset) -> Double {
    _ = evaluate(network, on: test)
    let pass = {
      let start = Date()
      _ = evaluate(network, on: test, batchSize: 1000)
      return Date().timeIntervalSince(start)
    }
    let times = BenchStatistics.interleaved(repetitions: inferenceRepetitions, [pass])[0]
    return Double(test.count) / BenchStatistics.upperMedian(times)
  }
}
