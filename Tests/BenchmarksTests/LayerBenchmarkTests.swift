import NeuralNet
import SnapshotSupport
import Testing

@testable import Benchmarks

/// `ticketbook bench layers`' measurement: what each row says, not how fast (timings are never
/// asserted).
struct LayerBenchmarkTests {
  @Test func eachRowTimesOneLayerAtOneDensityWithBothKernelsComputingTheSameLayer() throws {
    let bench = LayerBenchmark(
      model: ModelSpec(name: "lenet-5")!, densities: [1, 0.1], batchSize: 3, repetitions: 1,
      steps: 1, layers: [0, 1, 4])
    let rows = try withEngineSettingsLocked { try bench.run() }  // it sets the thread count
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

  @Test func aRowStartsFromTheInitialWeightsWhateverRowsCameBefore() throws {
    // Masking zeroes the pruned weights; without restoring them, the 5% row after the 100%,
    // 50% and 20% rows would keep almost no non-zero weight and compare two kernels that both
    // output the bias.
    // Locked: the bits depend on the sparse kernels' SIMD level, which other suites cap.
    func rows(_ densities: [Double]) throws -> [LayerBenchmark.Row] {
      try withEngineSettingsLocked {
        try LayerBenchmark(
          model: ModelSpec(name: "lenet-5")!, densities: densities, batchSize: 2, repetitions: 1,
          steps: 1, layers: [0, 1]
        ).run()
      }
    }
    let alone = try rows([0.05])
    let after = try rows([1, 0.5, 0.2, 0.05]).filter { $0.density == 0.05 }
    #expect(after.map(\.kept) == alone.map(\.kept))
    #expect(after.map(\.relativeError) == alone.map(\.relativeError))
  }

  @Test func aNonFiniteValueOrAnotherShapeIsNeverAnAgreement() {
    let a = Tensor(shape: [2], values: [1, 2])
    #expect(LayerBenchmark.relativeDifference(a, Tensor(shape: [2], values: [1, 2])) == 0)
    #expect(
      LayerBenchmark.relativeDifference(a, Tensor(shape: [2], values: [1, 3]))
        == Double(Float(1) / 3))
    #expect(
      LayerBenchmark.relativeDifference(a, Tensor(shape: [2], values: [1, .nan])) == .infinity)
    #expect(
      LayerBenchmark.relativeDifference(Tensor(shape: [2], values: [.nan, 2]), a) == .infinity)
    #expect(
      LayerBenchmark.relativeDifference(a, Tensor(shape: [1, 2], values: [1, 2])) == .infinity)
  }

  @Test func aLayerIndexBeyondTheModelGivesNoRows() throws {
    let bench = LayerBenchmark(
      model: ModelSpec(name: "mlp-784-20-10")!, densities: [0.5], batchSize: 2, repetitions: 1,
      steps: 1, layers: [7])
    #expect(try withEngineSettingsLocked { try bench.run() }.isEmpty)
  }
}
