import CKernels
import Foundation
import SnapshotSupport
import Testing

@testable import NeuralNet

/// A dense layer of the given shape with a random mask keeping about `density` of its weights,
/// random biases, and the given kernel in force.
private func maskedLayer(
  _ inputs: Int, _ outputs: Int, density: Double, seed: UInt64, kernel: Dense.Kernel = .dense
) -> Dense {
  var g = SeededGenerator(seed: seed)
  let layer = Dense(inputs, outputs, biasInit: .uniform(limit: 0.5), generator: &g)
  let mask = Tensor(
    shape: [outputs, inputs],
    values: (0..<outputs * inputs).map { _ in Double(g.nextUnitFloat()) < density ? 1 : 0 })
  layer.weight.setMask(mask)
  layer.kernel = kernel
  return layer
}

/// A copy of `layer` (same weights, biases and mask) with another kernel in force.
private func twin(_ layer: Dense, kernel: Dense.Kernel) -> Dense {
  var g = SeededGenerator(seed: 0)
  let copy = Dense(layer.inputSize, layer.outputSize, generator: &g)
  copy.weight.value.buffer.update(fromContentsOf: layer.weight.value.buffer)
  copy.bias.value.buffer.update(fromContentsOf: layer.bias.value.buffer)
  copy.weight.setMask(layer.weight.mask)
  copy.kernel = kernel
  return copy
}

/// max |a − b| / max |b|: rounding-level agreement of two results summed in different orders.
private func relativeDifference(_ a: Tensor, _ b: Tensor) -> Float {
  precondition(a.shape == b.shape, "\(a.shape) vs \(b.shape)")
  var worst: Float = 0
  var scale: Float = 0
  for i in 0..<a.count {
    worst = max(worst, abs(a[i] - b[i]))
    scale = max(scale, abs(b[i]))
  }
  return worst / max(scale, 1e-30)
}

/// Runs `body` with the engine's threads set to `n`, restoring them afterwards.
private func withThreads<R>(_ n: Int, _ body: () throws -> R) rethrows -> R {
  try withEngineSettingsLocked {
    let previous = BLAS.threads
    BLAS.setThreads(n)
    defer { BLAS.setThreads(previous) }
    return try body()
  }
}

/// The instruction set levels the sparse kernels dispatch on this machine, baseline first.
private var simdLevels: ClosedRange<Int> { 1...Int(tb_sparse_simd_level()) }

/// Runs `body` with the sparse kernels capped at `level`, removing the cap afterwards.
private func atLevel<R>(_ level: Int, _ body: () throws -> R) rethrows -> R {
  try withEngineSettingsLocked {
    tb_sparse_limit_simd_level(Int32(level))
    defer { tb_sparse_limit_simd_level(0) }
    return try body()
  }
}

/// What one forward and backward pass of a layer produced.
private struct Pass: Equatable {
  var output: Tensor
  var inputGradient: Tensor
  var weightGradient: Tensor
  var biasGradient: Tensor
}

/// Forward (training), then backward with a fixed output gradient.
private func pass(_ layer: Dense, _ x: Tensor, seed: UInt64) -> Pass {
  let y = layer.forward(x, training: true).copy()
  let g = GradientCheck.random(y.shape, seed: seed)
  let dx = layer.backward(g, needsInputGradient: true)!.copy()
  return Pass(
    output: y, inputGradient: dx, weightGradient: layer.weight.gradient.copy(),
    biasGradient: layer.bias.gradient.copy())
}

/// LeNet-300-100 with a random mask removing `fraction` of every weight matrix.
private func maskedLeNet(fraction: Double, seed: UInt64) throws -> Sequential {
  let net = try ModelSpec(name: "lenet-300-100")!.build(seed: seed)
  var g = SeededGenerator(seed: seed &+ 1)
  for w in net.weights {
    let keep = Int((Double(w.count) * (1 - fraction)).rounded())
    let mask = Tensor(shape: w.value.shape)
    for i in g.permutation(w.count).prefix(keep) { mask[i] = 1 }
    w.setMask(mask)
  }
  return net
}

/// Random 784-feature samples with random labels of 10 classes.
private func samples(_ n: Int, seed: UInt64) -> Dataset {
  var g = SeededGenerator(seed: seed)
  let features = (0..<n * 784).map { _ in g.nextUniform(0, 1) }
  let labels = (0..<n).map { _ in Int32(g.nextInt(below: 10)) }
  return Dataset(unchecked: [784], (0..<10).map(String.init), features, labels)
}

// Serialized: the tests cap the SIMD level, a setting global to the process.
@Suite(.serialized) struct SparseTrainingTests {
  @Test(arguments: [
    (37, 21, 0.3, [1, 7, 60, 65]),  // small, every block width, two blocks
    (784, 300, 0.2, [60, 130]),  // LeNet-300-100's first layer: split into parts, three blocks
    (300, 100, 0.05, [60]),
  ])
  func sparseForwardAndGradientsAgreeWithTheDenseMaskedLayerAtEveryLevelAndThreadCount(
    inputs: Int, outputs: Int, density: Double, batches: [Int]
  ) {
    let sparse = maskedLayer(inputs, outputs, density: density, seed: 3, kernel: .sparse)
    let dense = twin(sparse, kernel: .dense)
    let mask = sparse.weight.mask!
    for n in batches {
      let x = GradientCheck.random([n, inputs], seed: UInt64(n))
      let expected = pass(dense, x, seed: 9)
      for level in simdLevels {
        atLevel(level) {
          let one = withThreads(1) { pass(sparse, x, seed: 9) }
          let context = "\(inputs)→\(outputs), batch \(n), level \(level)"
          #expect(relativeDifference(one.output, expected.output) <= 1e-5, "\(context)")
          #expect(
            relativeDifference(one.inputGradient, expected.inputGradient) <= 1e-5, "\(context)")
          #expect(
            relativeDifference(one.weightGradient, expected.weightGradient) <= 1e-5, "\(context)")
          // The bias gradient is the same column sums either way.
          #expect(one.biasGradient == expected.biasGradient, "\(context)")
          for i in 0..<mask.count where mask[i] == 0 {
            #expect(one.weightGradient[i] == 0, "\(context): masked [\(i)]")
          }
          // The parts are cut by shape and pattern alone: the same bits at 2 and 3 threads.
          #expect(withThreads(2) { pass(sparse, x, seed: 9) } == one, "\(context)")
          #expect(withThreads(3) { pass(sparse, x, seed: 9) } == one, "\(context)")
        }
      }
    }
  }

  @Test func sparseInferenceFusesTheReLUWithTheTrainingForwardsBits() throws {
    // Sequential inference rectifies inside the sparse product; the separate layers (and the
    // dense masked network) give the same outputs.
    let net = try maskedLeNet(fraction: 0.8, seed: 2)
    let x = GradientCheck.random([100, 784], seed: 4)
    let dense = net.forward(x, training: false).copy()
    for layer in net.layers { (layer as? Dense)?.kernel = .sparse }
    let fused = net.forward(x, training: false).copy()
    var h = x
    for layer in net.layers { h = layer.forward(h, training: false) }
    #expect(fused == h)
    #expect(relativeDifference(fused, dense) <= 1e-5)
  }

  @Test func gradientsThroughTheSparseKernelsMatchFiniteDifferences() {
    // Masked weights must receive exactly zero gradient (GradientCheck checks it too).
    for (inputs, outputs, n) in [(6, 3, 4), (20, 9, 17)] {
      let layer = maskedLayer(inputs, outputs, density: 0.4, seed: 5, kernel: .sparse)
      let worst = GradientCheck.check(layer, input: GradientCheck.random([n, inputs], seed: 6))
      #expect(worst < 1e-2, "\(inputs)→\(outputs)")
    }
  }

  @Test func optimiserStepsOverKeptWeightsGiveTheDenseMaskedStepsBits() {
    // 240,000 elements, 15% kept (below `keptStepDensityLimit`): the kept list is long enough
    // to be split into parts. The gradient is zero at masked positions, as the sparse backward
    // pass leaves it.
    let configs: [OptimizerConfig] = [
      .adam(weightDecay: 1e-4), .adam(), .sgd(momentum: 0.9, weightDecay: 1e-4),
      .sgd(momentum: 0.9, nesterov: true), .sgd(),
    ]
    func run(_ config: OptimizerConfig, keptOnly: Bool, threads: Int) -> [Float] {
      withThreads(threads) {
        var g = SeededGenerator(seed: 8)
        let p = Parameter(name: "w", role: .weight, shape: [300, 800], fanIn: 800, fanOut: 300)
        for i in 0..<p.count { p.value[i] = g.nextNormal() }
        p.setMask(
          Tensor(
            shape: [300, 800], values: (0..<p.count).map { _ in g.nextUnitFloat() < 0.15 ? 1 : 0 }
          ))
        p.gradientMaskedByOptimizer = true
        p.updatesKeptOnly = keptOnly
        #expect((p.keptStepPattern != nil) == keptOnly)
        let optimizer = config.make([p])
        for _ in 0..<3 {
          for i in 0..<p.count { p.gradient[i] = g.nextNormal() * p.mask![i] }
          optimizer.step(learningRate: 1e-2)
        }
        return p.value.scalars
      }
    }
    for config in configs {
      let dense = run(config, keptOnly: false, threads: 1)
      for level in simdLevels {
        atLevel(level) {
          let kept = run(config, keptOnly: true, threads: 1)
          #expect(kept == dense, "\(config), level \(level)")
          #expect(run(config, keptOnly: true, threads: 2) == kept, "\(config), level \(level)")
          #expect(run(config, keptOnly: true, threads: 3) == kept, "\(config), level \(level)")
        }
      }
    }
  }

  @Test func maskedWeightsStayExactlyZeroThroughSparseTraining() throws {
    let net = try maskedLeNet(fraction: 0.9, seed: 1)
    let before = net.snapshot()
    for optimizer in [OptimizerConfig.adam(weightDecay: 1e-3), .sgd(momentum: 0.9)] {
      let config = TrainingConfig(
        length: .iterations(6), batchSize: 32, optimizer: optimizer, kernels: .sparse)
      _ = try Trainer(model: net, config: config).train(on: samples(200, seed: 2))
    }
    for (p, old) in zip(net.weights, before) {
      let mask = p.mask!
      var moved = 0
      for i in 0..<p.count {
        if mask[i] == 0 {
          #expect(p.value[i] == 0 && p.gradient[i] == 0, "\(p.name)[\(i)]")
        } else if p.value[i] != old[i] {
          moved += 1
        }
      }
      #expect(moved > p.unmaskedCount / 2, "\(p.name): kept weights trained")
    }
  }

  @Test func sparseTrainingGivesTheSameBitsAtAnyThreadCountAndAgreesWithDense() throws {
    let data = samples(240, seed: 3)
    func train(_ kernels: KernelChoice, threads: Int) throws -> [Tensor] {
      try withThreads(threads) {
        let net = try maskedLeNet(fraction: 0.8, seed: 4)
        let config = TrainingConfig(length: .iterations(8), batchSize: 60, kernels: kernels)
        _ = try Trainer(model: net, config: config).train(on: data)
        return net.snapshot()
      }
    }
    let one = try train(.sparse, threads: 1)
    #expect(try train(.sparse, threads: 2) == one)
    #expect(try train(.sparse, threads: 3) == one)
    let dense = try train(.dense, threads: 1)
    #expect(dense != one)  // another summation order
    for (a, b) in zip(one, dense) { #expect(relativeDifference(a, b) <= 1e-3) }
  }

  @Test func aPatternRebuiltAfterRepruningUsesTheNewMask() {
    let layer = maskedLayer(30, 12, density: 0.6, seed: 7, kernel: .sparse)
    let x = GradientCheck.random([10, 30], seed: 8)
    _ = pass(layer, x, seed: 1)
    let first = layer.weight.maskPattern!
    #expect(layer.weight.maskPattern === first)  // built once per mask, not per use
    // Prune further: keep only the larger half of the kept weights.
    let kept = first.keptIndices.sorted {
      abs(layer.weight.value[$0]) > abs(layer.weight.value[$1])
    }
    let mask = Tensor(shape: [12, 30])
    for i in kept.prefix(kept.count / 2) { mask[i] = 1 }
    layer.weight.setMask(mask)
    let after = pass(layer, x, seed: 1)
    let second = layer.weight.maskPattern!
    #expect(second !== first)
    #expect(second.count == kept.count / 2)
    #expect(second.keptIndices == (0..<mask.count).filter { mask[$0] == 1 })
    #expect(
      second.keptIndicesByColumn
        == (0..<30).flatMap { c in (0..<12).map { $0 * 30 + c }.filter { mask[$0] == 1 } })
    // The gradient of weights the new mask removed is zero, and the pass is the dense one.
    for i in 0..<mask.count where mask[i] == 0 { #expect(after.weightGradient[i] == 0) }
    let expected = pass(twin(layer, kernel: .dense), x, seed: 1)
    #expect(relativeDifference(after.output, expected.output) <= 1e-5)
    #expect(relativeDifference(after.weightGradient, expected.weightGradient) <= 1e-5)
    #expect(relativeDifference(after.inputGradient, expected.inputGradient) <= 1e-5)
  }

  @Test func autoPicksTheDenseKernelAtFullDensityAndTheSparseOneBelowTheCrossover() {
    // Pinned: a change renames nothing but changes results of `auto` configurations.
    let choices: [(Int, Int, Double, Dense.Kernel)] = [
      (300, 784, 1.0, .dense), (300, 784, 0.8, .dense), (300, 784, 0.64, .dense),
      (300, 784, 0.512, .sparse), (300, 784, 0.262, .sparse), (300, 784, 0.05, .sparse),
      (100, 300, 1.0, .dense), (100, 300, 0.64, .dense), (100, 300, 0.512, .sparse),
      (10, 100, 1.0, .dense), (10, 100, 0.8, .dense), (10, 100, 0.01, .sparse),
    ]
    for (outputs, inputs, density, kernel) in choices {
      let kept = Int((Double(outputs * inputs) * density).rounded())
      #expect(
        KernelChoice.automaticKernel(outputs: outputs, inputs: inputs, kept: kept) == kernel,
        "\(outputs)×\(inputs) at \(density)")
    }
    // A layer without a mask computes densely whatever the choice.
    var g = SeededGenerator(seed: 0)
    let unmasked = Dense(8, 4, generator: &g)
    for choice in KernelChoice.allCases { #expect(choice.kernel(for: unmasked) == .dense) }
    let masked = maskedLayer(8, 4, density: 0.5, seed: 1)
    #expect(KernelChoice.sparse.kernel(for: masked) == .sparse)
    #expect(KernelChoice.dense.kernel(for: masked) == .dense)
  }

  @Test func trainingPutsTheChosenKernelsInForceForTheRunOnly() throws {
    let net = try maskedLeNet(fraction: 0.95, seed: 5)
    let layers = net.layers.compactMap { $0 as? Dense }
    var seen: [Dense.Kernel] = []
    let config = TrainingConfig(length: .iterations(1), batchSize: 20)
    _ = try Trainer(model: net, config: config).train(on: samples(40, seed: 1)) { _ in
      seen = layers.map(\.kernel)
    }
    #expect(seen == [.sparse, .sparse, .sparse])
    #expect(layers.allSatisfy { $0.kernel == .dense && !$0.weight.updatesKeptOnly })
  }

  @Test func trainingConfigsWithoutKernelsDecodeAsAutoAndAutoIsNotEncoded() throws {
    let old =
      #"{"batchSize":60,"dataSeed":0,"evaluateAtStart":false,"length":{"epochs":{"_0":1}},"#
      + #""optimizer":{"adam":{"beta1":0.9,"beta2":0.999,"epsilon":1e-08,"weightDecay":0}},"#
      + #""schedule":{"constant":{"_0":0.0012}},"snapshotIterations":[],"testEvaluation":"always"}"#
    let decoded = try JSONDecoder().decode(TrainingConfig.self, from: Data(old.utf8))
    #expect(decoded.kernels == .auto)
    #expect(decoded == TrainingConfig())
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    let json = String(decoding: try encoder.encode(TrainingConfig()), as: UTF8.self)
    #expect(!json.contains("kernels"))
    let sparse = TrainingConfig(kernels: .sparse)
    let encoded = try encoder.encode(sparse)
    #expect(String(decoding: encoded, as: UTF8.self).contains(#""kernels":"sparse""#))
    #expect(try JSONDecoder().decode(TrainingConfig.self, from: encoded) == sparse)
  }
}
