import ArgumentParser
import Benchmarks
import Foundation
import NeuralNet

/// `ticketbook bench layers`: one training step of each layer, dense vs. sparse kernel.
struct BenchLayers: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "layers",
    abstract:
      "Time one training step of each dense and convolution layer, dense vs. sparse kernel.",
    discussion: """
      Each layer of the model gets the input it receives in the network (a random batch passed \
      forward) and a random mask keeping an exact share of its weights; one step is its \
      forward and backward pass (no input gradient for the first layer). Dense and sparse \
      alternate in timed stretches of --steps steps; the fastest stretch of each is reported, \
      in µs per step, with the kernel `auto` picks and the largest relative difference \
      between the two kernels' results. These are the crossovers behind `auto` \
      (docs/benchmarks.md, docs/sparse.md).
      """)

  @Option(help: "lenet-300-100 | lenet-5 | conv-2 | conv-4 | mlp-W1-W2-…")
  var model: String = "lenet-5"

  @Option(parsing: .upToNextOption, help: "Fractions of each layer's weights kept, 0–1.")
  var densities: [Double] = LayerBenchmark.standardDensities

  @Option(help: "Samples per step.")
  var batch: Int = 60

  @Option(help: "Threads the engine uses (OpenBLAS runs single-threaded on each).")
  var threads: Int = 1

  @Option(help: "Timed stretches per kernel and row; the fastest is reported.")
  var repetitions: Int = 7

  @Option(help: "Training steps per timed stretch.")
  var steps: Int = 20

  @Option(
    parsing: .upToNextOption,
    help: "Indices of the layers to time among the dense and convolution layers, input first.")
  var layers: [Int] = []

  @Flag(help: "Print one JSON object per row instead of a table.")
  var json = false

  func validate() throws {
    guard ModelSpec(name: model) != nil else {
      throw ValidationError("unknown model '\(model)'")
    }
    guard threads > 0, repetitions > 0, steps > 0, batch > 0 else {
      throw ValidationError("--threads, --repetitions, --steps and --batch must be positive")
    }
    guard densities.allSatisfy({ (0...1).contains($0) }) else {
      throw ValidationError("--densities must be fractions in [0, 1]")
    }
    guard layers.allSatisfy({ $0 >= 0 }) else {
      throw ValidationError("--layers must be indices from 0")
    }
  }

  func run() throws {
    BLASEnvironment.requireSingleThreaded()
    let bench = LayerBenchmark(
      model: ModelSpec(name: model)!, densities: densities, batchSize: batch, threads: threads,
      repetitions: repetitions, steps: steps, layers: layers.isEmpty ? nil : layers)
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    if !json {
      print("model \(model), batch \(batch), threads \(threads), BLAS kernels \(BLAS.coreName)")
      print(
        "layer                                density   kept   dense µs  sparse µs  speedup  auto    rel. error"
      )
    }
    let rows = try bench.run { row in
      if json {
        print(String(decoding: try encoder.encode(row), as: UTF8.self))
      } else {
        print(
          String(
            format: "%@ %6.1f%%  %5d  %9.1f  %9.1f  %6.2f×  %@  %.1e",
            row.summary.padding(toLength: 36, withPad: " ", startingAt: 0), row.density * 100,
            row.kept, row.denseSeconds * 1e6, row.sparseSeconds * 1e6, row.speedup,
            row.auto.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0),
            row.relativeError))
      }
    }
    if rows.isEmpty { throw ValidationError("no layer of \(model) matches --layers") }
  }
}
