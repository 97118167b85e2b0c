import Benchmarks
import NeuralNet
import Testing

/// `ticketbook bench layers`' measurement: what each row says, not how fast (timings are never
/// asserted).
struct LayerBenchmarkTests {
  @Test func eachRowTimesOneLayerAtOneDensityWithBothKernelsComputingTheSameLayer() throws {
    let bench = LayerBenchmark(
      model: ModelSpec(name: "lenet-5")!, densities: [1, 0.1], batchSize: 3, repetitions: 1,
      steps: 1, layers: [0, 1, 4])
    let rows = try bench.run()
    #expect(rows.map(\.layer) == [0, 0, 1, 1, 4, 4])
    #expect(rows.map(\.density) == [1, 0.1, 1, 0.1, 1, 0.1])
    #expect(rows[0].summary.hasPrefix("conv1: Conv2D(1→6"), "\(rows[0].summary)")
    // Exact counts: 150 and 2,400 convolution weights, 84×10 dense ones.
    #expect(rows.map(\.kept) == [150, 15, 2400, 240, 840, 84])
    // `auto`: dense without a pruned weight; at 10% sparse for all three.
    #expect(rows.map(\.auto) == [.dense, .sparse, .dense, .sparse, .dense, .sparse])
    for row in rows {
      #expect(row.denseSeconds > 0 && row.sparseSeconds > 0)
      #expect(row.relativeError <= 1e-5, "\(row.summary) at \(row.density)")
    }
  }

  @Test func aLayerIndexBeyondTheModelGivesNoRows() throws {
    let bench = LayerBenchmark(
      model: ModelSpec(name: "mlp-784-20-10")!, densities: [0.5], batchSize: 2, repetitions: 1,
      steps: 1, layers: [7])
    #expect(try bench.run().isEmpty)
  }
}
