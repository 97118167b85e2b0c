import Foundation
import NeuralNet
import Testing

@testable import Lottery

/// Han et al.'s prune and fine-tune, end to end on a small network: the dense reference, three
/// threshold steps, each followed by fine-tuning from the survivors' trained values.
@Suite struct PruneFineTuneTests {
  private let splits: DataSplits = {
    let full = SyntheticData.patterns(classes: 4, samplesPerClass: 60, noise: 0.3)
    let test = SyntheticData.patterns(classes: 4, samplesPerClass: 25, noise: 0.3, seed: 9)
    return try! DataSplits(holdingOut: 40, of: full, test: test, seed: 0)
  }()

  private var config: PruneFineTuneConfig {
    PruneFineTuneConfig(
      model: .mlp(widths: [64, 32, 4]),
      training: TrainingConfig(length: .epochs(6), batchSize: 20, schedule: .constant(0.01)),
      fineTuning: TrainingConfig(length: .epochs(3), batchSize: 20, schedule: .constant(0.001)),
      rounds: 3, method: .threshold(quality: 0.5))
  }

  @Test func stagesShrinkTheNetworkAndFineTuningRecovers() throws {
    let result = try PruneFineTune.run(config, data: splits)
    #expect(result.stages.map(\.step) == [0, 1, 2, 3])
    // The reference is dense and has no after-pruning accuracy.
    #expect(result.reference.sparsity.kept == result.reference.sparsity.total)
    #expect(result.reference.accuracyAfterPruning == nil)
    #expect(result.reference.accuracy > 0.9, "the reference did not learn: \(result.reference)")
    // Each threshold step removes weights (|w| < 0.5·std of the survivors), so parameters fall
    // strictly and the compression rate rises.
    let kept = result.stages.map(\.parameters)
    for step in 1...3 { #expect(kept[step] < kept[step - 1], "\(kept)") }
    #expect(result.pruned.compressionRate > 1.5, "\(result.pruned.compressionRate)")
    // Fine-tuning never ends a step below where pruning left it, here, and ends near the
    // reference.
    for stage in result.stages.dropFirst() {
      #expect(stage.accuracy >= stage.accuracyAfterPruning! - 0.02, "\(stage)")
    }
    #expect(result.pruned.accuracy > result.reference.accuracy - 0.05, "\(result.stages)")
    // The histogram samples: every first-layer weight before, only the survivors after.
    #expect(result.firstLayerBefore.count == 64 * 32)
    #expect(result.firstLayerAfter.count == result.pruned.sparsity.weights[0].kept)
    #expect(!result.firstLayerAfter.contains(0))
  }

  @Test func pruningOnlyKeepsTheSurvivorsTrainedValues() throws {
    // Without fine-tuning, each survivor keeps exactly its trained dense value, and a step's
    // final accuracy is its after-pruning accuracy.
    var c = config
    c.fineTune = false
    let dense = try PruneFineTune.trainDense(c, data: splits)
    let result = try PruneFineTune.run(c, data: splits, dense: dense)
    let trained = Set(dense[0].scalars)
    #expect(result.firstLayerAfter.allSatisfy { trained.contains($0) })
    for stage in result.stages.dropFirst() { #expect(stage.accuracy == stage.accuracyAfterPruning) }
  }

  @Test func sharedDenseWeightsGiveTheSameRunAsTrainingThemAgain() throws {
    let dense = try PruneFineTune.trainDense(config, data: splits)
    #expect(
      try PruneFineTune.run(config, data: splits, dense: dense)
        == PruneFineTune.run(config, data: splits))
  }

  @Test func defaultFineTuningIsAdamAtATenthOfTheRate() {
    // The doc comment's claim: the paper fine-tunes with SGD; the default here keeps Adam.
    let defaults = PruneFineTuneConfig()
    #expect(defaults.fineTuning.optimizer == defaults.training.optimizer)
    #expect(defaults.fineTuning.optimizer == .adam())
    #expect(
      abs(defaults.fineTuning.schedule.rate(at: 0) - defaults.training.schedule.rate(at: 0) / 10)
        < 1e-9)
  }
}
