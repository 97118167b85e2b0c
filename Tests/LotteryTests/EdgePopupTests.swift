import Foundation
import NeuralNet
import Testing

@testable import Lottery

@Suite struct EdgePopupTests {
  /// Ten Gaussian blobs in 20 dimensions: easy for a trained network, chance (10%) for a random
  /// one.
  private let splits: DataSplits = {
    let full = SyntheticData.gaussianBlobs(
      classes: 10, samplesPerClass: 60, dimensions: 20, spread: 0.4, seed: 1)
    let test = SyntheticData.gaussianBlobs(
      classes: 10, samplesPerClass: 30, dimensions: 20, spread: 0.4, seed: 1)
    return try! DataSplits(holdingOut: 100, of: full, test: test, seed: 0)
  }()

  private func config(_ control: SupermaskControl = .edgePopup, seed: UInt64 = 0)
    -> SupermaskConfig
  {
    var training = SupermaskConfig.paperTraining
    training.length = .epochs(15)
    training.batchSize = 25
    return SupermaskConfig(
      widths: [20, 256, 256, 10], training: training, seed: seed, control: control)
  }

  @Test func edgePopupOnAWideRandomMLPLearnsAndARandomSubnetworkDoesNot() throws {
    let found = try Supermask.run(config(), data: splits)
    let random = try Supermask.run(config(.randomSubnetwork), data: splits)
    #expect(found.finalAccuracy >= 0.8, "edge-popup: \(found.finalAccuracy)")
    #expect(random.finalAccuracy <= 0.3, "random subnetwork: \(random.finalAccuracy)")
    #expect(random.iterations == 0 && random.history.count == 1)
    #expect(random.finalAccuracy == found.initialAccuracy)
    #expect(random.layers.map(\.kept) == found.layers.map(\.kept))
    #expect(found.layers.map(\.kept) == [2560, 32768, 1280])
    #expect(random.layers.allSatisfy { $0.overlapWithInitial == 1 })
    #expect(found.layers.allSatisfy { $0.overlapWithInitial < 0.95 })
    #expect(found.firstLayerInputDensity.count == 20)
    #expect(abs(found.firstLayerInputDensity.reduce(0, +) / 20 - 0.5) < 1e-9)
  }

  @Test func equalSeedsGiveIdenticalResults() throws {
    var c = config()
    c.training.length = .epochs(2)
    let a = try Supermask.run(c, data: splits)
    #expect(a == (try Supermask.run(c, data: splits)))
    #expect(a.finalAccuracy == (try Supermask.run(c, data: splits)).finalAccuracy)
    #expect(a != (try Supermask.run(c.with(seed: 1), data: splits)))
  }

  @Test func aCosineOfZeroIterationsSpansTheRun() {
    #expect(
      Supermask.spanning(.cosine(base: 0.1, iterations: 0), 430)
        == .cosine(base: 0.1, iterations: 430))
    #expect(
      Supermask.spanning(.warmup(iterations: 5, then: .cosine(base: 0.1, iterations: 0)), 9)
        == .warmup(iterations: 5, then: .cosine(base: 0.1, iterations: 9)))
    #expect(Supermask.spanning(.constant(0.1), 9) == .constant(0.1))
  }

  @Test func experimentNamesArePinned() {
    // Regression: a change here renames every stored result; change it only on purpose.
    #expect(SupermaskConfig().canonicalJSON == "{}")
    #expect(SupermaskConfig().name == "supermask-44136fa355b3678a")
    let c = SupermaskConfig(weightInit: .heNormal(), scaleByKept: true, control: .randomSubnetwork)
    #expect(c.name == "supermask-d34ce4022514d9f9")
  }
}
