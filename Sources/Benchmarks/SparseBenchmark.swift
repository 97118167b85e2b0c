import Foundation
import Lottery
import NeuralNet

/// The sparse-inference benchmark of `ticketbook bench sparse`: LeNet-300-100 with random masks
/// of exact per-layer counts, the masked dense network (sgemm) against its sparsified twin.
///
/// Dense and sparse runs alternate, one short timed stretch each per repetition (16 calls at
/// batch 1, cycling over distinct samples; one call at larger batches), so load from other
/// processes hits both alike and rarely lands inside a stretch. Each stretch follows untimed
/// warm-up calls of the same network (4 at batch 1, 1 otherwise), so it measures steady-state
/// inference rather than the cache misses the other network left. The median repetition is
/// reported, in seconds per call.
public struct SparseBenchmark: Sendable {
  /// Fractions of weights kept, one row of results each.
  public var densities: [Double]
  /// Batch sizes, one row of results each per density.
  public var batches: [Int]
  /// Timed repetitions per row (the median is reported), after one warm-up.
  public var repetitions: Int
  /// Threads for OpenBLAS (the sparse kernels are single-threaded).
  public var threads: Int
  /// Seed of the network's weights, the masks and the inputs.
  public var seed: UInt64
  /// The kernel of the sparse layers (`automatic` picks by batch size).
  public var kernel: SparseDense.Kernel

  /// The densities of the issue: 100, 50, 20, 10, 5, 2 and 1% of weights kept.
  public static let standardDensities = [1, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01]

  /// Creates a benchmark; the defaults are the published settings.
  public init(
    densities: [Double] = standardDensities, batches: [Int] = [1, 256], repetitions: Int = 51,
    threads: Int = 1, seed: UInt64 = 0, kernel: SparseDense.Kernel = .automatic
  ) {
    self.densities = densities
    self.batches = batches
    self.repetitions = repetitions
    self.threads = threads
    self.seed = seed
    self.kernel = kernel
  }

  /// The sparse kernel of a name: `automatic`, `perSample` or `blocked` (nil: unknown).
  public static func kernel(named name: String) -> SparseDense.Kernel? {
    SparseDense.Kernel(rawValue: name)
  }

  /// One measured configuration; the JSON keys are the ones `--json` prints.
  public struct Row: Codable, Equatable, Sendable {
    /// The fraction of weights kept, 0–1.
    public var density: Double
    /// Samples per forward call.
    public var batch: Int
    /// Median seconds per forward call of the masked dense network.
    public var denseSeconds: Double
    /// Median seconds per forward call of the sparse network.
    public var sparseSeconds: Double
    /// denseSeconds / sparseSeconds.
    public var speedup: Double
    /// The largest |sparse − dense| over the largest |dense| output (not encoded).
    public var relativeError: Double = 0

    enum CodingKeys: String, CodingKey {
      case density, batch
      case denseSeconds = "dense_seconds"
      case sparseSeconds = "sparse_seconds"
      case speedup
    }
  }

  /// Runs every density and batch size; `progress` receives each row as it is measured.
  public func run(progress: ((Row) -> Void)? = nil) throws -> [Row] {
    BLAS.setThreads(threads)
    var rows: [Row] = []
    for (index, density) in densities.enumerated() {
      let dense = try ModelSpec.lenet300100.build(seed: seed)
      var maskGenerator = SeededGenerator(seed: seed &+ 1 &+ UInt64(index))
      for w in dense.weights {
        w.setMask(RandomMask.keeping(density: density, shape: w.value.shape, using: &maskGenerator))
      }
      let sparse = try sparsified(dense)
      for case let layer as SparseDense in sparse.layers { layer.kernel = kernel }
      for batch in batches {
        let row = measure(dense: dense, sparse: sparse, density: density, batch: batch)
        progress?(row)
        rows.append(row)
      }
    }
    return rows
  }

  private func measure(dense: Sequential, sparse: Sequential, density: Double, batch: Int) -> Row {
    // Batch 1 cycles through many distinct samples; a larger batch repeats a few times.
    let inputs = (0..<(batch == 1 ? 256 : 4)).map { i in
      var g = SeededGenerator(seed: seed &+ 1000 &+ UInt64(i))
      return Tensor(
        shape: [batch, 784], values: (0..<(batch * 784)).map { _ in g.nextUnitFloat() })
    }
    let calls = batch == 1 ? 16 : 1
    var next = 0
    func run(_ network: Sequential, calls: Int) {
      for _ in 0..<calls {
        _ = network.forward(inputs[next % inputs.count], training: false)
        next += 1
      }
    }
    // Each stretch starts with untimed calls that bring the network back into cache after the
    // other one ran: the timings are of steady-state inference, as in a server.
    func time(_ network: Sequential) -> Double {
      run(network, calls: batch == 1 ? 4 : 1)
      let elapsed = ContinuousClock().measure { run(network, calls: calls) }
      return BenchStatistics.seconds(elapsed) / Double(calls)
    }
    var error = 0.0
    for x in inputs {
      let expected = dense.forward(x, training: false).copy()
      error = max(error, sparse.forward(x, training: false).relativeDifference(from: expected))
    }
    let times = BenchStatistics.interleaved(
      repetitions: repetitions, [{ time(dense) }, { time(sparse) }])
    let d = BenchStatistics.median(times[0])
    let s = BenchStatistics.median(times[1])
    return Row(
      density: density, batch: batch, denseSeconds: d, sparseSeconds: s, speedup: d / s,
      relativeError: error)
  }
}
