import ArgumentParser
import Benchmarks
import Foundation

/// `ticketbook bench train`: trains on Fashion-MNIST like the PyTorch reference and reports speed.
struct BenchTrain: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train",
    abstract: "Train a model on Fashion-MNIST with Adam (lr 1.2e-3, seed 0) and report speed.",
    discussion: """
      Compare with ../shared/bench/torch_reference.py on the same machine, with the same thread
      count, in one sitting; record ratios in docs/benchmarks.md.
      """)

  @Option(help: "lenet-300-100 | lenet-5 | conv-2 | conv-4 | mlp-W1-W2-…")
  var model: String = "lenet-300-100"

  @Option(help: "Epochs to train.")
  var epochs: Int = 2

  @Option(help: "Samples per optimiser step.")
  var batch: Int = 60

  @Option(help: "Threads the engine uses (OpenBLAS runs single-threaded on each).")
  var threads: Int = 1

  @Option(help: "Fraction of every weight matrix removed by a fixed random mask (0–1).")
  var maskFraction: Double = 0

  @Option(
    help: "Kernels of the masked dense and convolution layers: dense | sparse | auto (per layer).")
  var kernels: String = "auto"

  @Option(help: "Fashion-MNIST directory (default: $TICKETBOOK_FASHION_MNIST or Debian's).")
  var data: String?

  @Flag(help: "Print one JSON object instead of text.")
  var json = false

  func validate() throws {
    guard TrainingBenchmark.model(named: model) != nil else {
      throw ValidationError("unknown model '\(model)'")
    }
    guard epochs > 0, batch > 0, threads > 0 else {
      throw ValidationError("--epochs, --batch and --threads must be positive")
    }
    guard (0..<1).contains(maskFraction) else {
      throw ValidationError("--mask-fraction must be in [0, 1)")
    }
    guard TrainingBenchmark.kernels(named: kernels) != nil else {
      throw ValidationError("--kernels takes dense, sparse or auto")
    }
  }

  func run() throws {
    BLASEnvironment.requireSingleThreaded()
    let bench = TrainingBenchmark(
      model: TrainingBenchmark.model(named: model)!, epochs: epochs, batchSize: batch,
      threads: threads, maskFraction: maskFraction,
      kernels: TrainingBenchmark.kernels(named: kernels)!, dataDirectory: data)
    let report = try bench.run { line in
      if !json { FileHandle.standardError.write(Data("  \(line)\n".utf8)) }
    }
    if json {
      let encoder = JSONEncoder()
      encoder.outputFormatting = .sortedKeys
      print(String(decoding: try encoder.encode(report), as: UTF8.self))
    } else {
      print("model               \(report.model)")
      print("threads             \(report.threads)")
      print("BLAS kernels        \(report.blasCore)")
      if maskFraction > 0 { print("mask fraction       \(report.maskFraction)") }
      print(
        "kernels             \(report.kernels.rawValue) ("
          + report.layerKernels.map(\.rawValue).joined(separator: ", ") + ")")
      print(
        "epoch seconds       "
          + report.epochSeconds.map { String(format: "%.3f", $0) }.joined(separator: " "))
      print(String(format: "samples/s (train)   %.0f", report.samplesPerSecond))
      print(String(format: "test accuracy       %.2f%%", report.testAccuracy * 100))
      print("test loss           \(report.testLoss)")
      print(
        String(format: "inference samples/s %.0f  (batch 1000)", report.inferenceSamplesPerSecond))
      print(String(format: "peak memory         %.1f MB", Double(report.peakMemoryBytes) / 1e6))
    }
  }
}
