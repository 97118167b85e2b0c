import ArgumentParser
import Benchmarks
import Foundation

/// `ticketbook bench sparse`: dense vs. sparse inference time of a pruned LeNet-300-100.
struct BenchSparse: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sparse",
    abstract: "Time LeNet-300-100 inference, masked dense (sgemm) vs. sparse, at 100% to 1%.",
    discussion: """
      Random masks keep an exact count of weights per layer (seeded); biases are kept. Dense \
      and sparse alternate in short timed stretches (16 single-sample calls at batch 1, one \
      call otherwise), each after untimed warm-up calls; the median of the repetitions is \
      reported, in seconds per forward call. Set OPENBLAS_CORETYPE as for the PyTorch \
      comparison (SkylakeX here). docs/sparse.md explains the kernels.
      """)

  @Option(help: "Threads for the dense network (the sparse kernels use one).")
  var threads: Int = 1

  @Option(help: "Timed repetitions per row; the median is reported.")
  var repetitions: Int = 51

  @Option(
    parsing: .upToNextOption,
    help: "Fractions of weights kept, 0–1.")
  var densities: [Double] = SparseBenchmark.standardDensities

  @Option(parsing: .upToNextOption, help: "Batch sizes.")
  var batches: [Int] = [1, 256]

  @Option(help: "Sparse kernel: automatic | perSample | blocked.")
  var kernel: String = "automatic"

  @Flag(help: "Print one JSON object per row instead of a table.")
  var json = false

  func validate() throws {
    guard threads > 0, repetitions > 0, batches.allSatisfy({ $0 > 0 }) else {
      throw ValidationError("--threads, --repetitions and --batches must be positive")
    }
    guard densities.allSatisfy({ (0...1).contains($0) }) else {
      throw ValidationError("--densities must be fractions in [0, 1]")
    }
    guard SparseBenchmark.kernel(named: kernel) != nil else {
      throw ValidationError("--kernel takes automatic, perSample or blocked")
    }
  }

  func run() throws {
    BLASEnvironment.requireSingleThreaded()
    let bench = SparseBenchmark(
      densities: densities, batches: batches, repetitions: repetitions, threads: threads,
      kernel: SparseBenchmark.kernel(named: kernel)!)
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    if !json {
      print("density  batch   dense µs  sparse µs  speedup  rel. error")
    }
    _ = try bench.run { row in
      if json {
        print(String(decoding: try! encoder.encode(row), as: UTF8.self))
      } else {
        print(
          String(
            format: "%6.1f%%  %5d  %9.1f  %9.1f  %6.2f×  %.1e", row.density * 100, row.batch,
            row.denseSeconds * 1e6, row.sparseSeconds * 1e6, row.speedup, row.relativeError))
      }
    }
  }
}
