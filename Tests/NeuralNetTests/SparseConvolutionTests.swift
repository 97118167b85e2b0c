import CKernels
import SnapshotSupport
import Testing

@testable import NeuralNet

/// A convolution's shape for these tests: channels, square kernel side, stride, padding.
struct MaskedConvolutionShape: CustomStringConvertible, Sendable {
  var inputs: Int
  var outputs: Int
  var side: Int
  var stride: Int
  var padding: Int

  var description: String {
    "\(inputs)→\(outputs) \(side)×\(side), stride \(stride), padding \(padding)"
  }

  /// A convolution of this shape with random weights and biases and the given kernel in force.
  func layer(seed: UInt64, kernel: Conv2D.Kernel = .dense) -> Conv2D {
    var g = SeededGenerator(seed: seed)
    let conv = Conv2D(
      inputs, outputs, kernel: side, stride: stride, padding: padding,
      biasInit: .uniform(limit: 0.5), generator: &g)
    conv.kernel = kernel
    return conv
  }

  /// A layer as `layer(seed:kernel:)` with a random mask keeping about `density` of the weights.
  func masked(density: Double, seed: UInt64, kernel: Conv2D.Kernel = .dense) -> Conv2D {
    let conv = layer(seed: seed, kernel: kernel)
    var g = SeededGenerator(seed: seed &+ 100)
    setRandomMask(conv.weight, density: density, generator: &g)
    return conv
  }
}

/// Masks `p` keeping each element with probability `density`.
private func setRandomMask(_ p: Parameter, density: Double, generator g: inout SeededGenerator) {
  let keep = (0..<p.count).map { _ -> Float in Double(g.nextUnitFloat()) < density ? 1 : 0 }
  p.setMask(Tensor(shape: p.value.shape, values: keep))
}

/// A copy of `conv` (same weights, biases and mask) with another kernel in force.
private func twin(_ conv: Conv2D, kernel: Conv2D.Kernel) -> Conv2D {
  let shape = MaskedConvolutionShape(
    inputs: conv.inChannels, outputs: conv.outChannels, side: conv.kernelSize.height,
    stride: conv.stride, padding: conv.padding)
  let copy = shape.layer(seed: 0, kernel: kernel)
  for (to, from) in zip(copy.parameters, conv.parameters) {
    to.value.buffer.update(fromContentsOf: from.value.buffer)
    to.setMask(from.mask)
  }
  return copy
}

/// max |a − b| / max |b|.
private func relativeError(_ a: Tensor, _ b: Tensor) -> Float {
  precondition(a.shape == b.shape, "\(a.shape) vs \(b.shape)")
  let worst = zip(a.scalars, b.scalars).map { abs($0 - $1) }.max() ?? 0
  return worst / max(b.scalars.map(abs).max() ?? 0, 1e-30)
}

/// `body` with the engine's threads set to `n` and the sparse kernels capped at SIMD `level`.
private func with<R>(threads n: Int, level: Int = 0, _ body: () throws -> R) rethrows -> R {
  try withEngineSettingsLocked {
    let previous = BLAS.threads
    BLAS.setThreads(n)
    tb_sparse_limit_simd_level(Int32(level))
    defer {
      BLAS.setThreads(previous)
      tb_sparse_limit_simd_level(0)
    }
    return try body()
  }
}

/// Output, input gradient, weight gradient and bias gradient of one training pass.
private func pass(_ conv: Conv2D, _ x: Tensor, seed: UInt64) -> [Tensor] {
  let y = conv.forward(x, training: true).copy()
  let dx = conv.backward(GradientCheck.random(y.shape, seed: seed), needsInputGradient: true)!
  return [y, dx.copy(), conv.weight.gradient.copy(), conv.bias.gradient.copy()]
}

/// LeNet-5 with random masks keeping about 1 − `fraction` of every weight tensor.
private func maskedLeNet5(fraction: Double, seed: UInt64) throws -> Sequential {
  let net = try ModelSpec(name: "lenet-5")!.build(seed: seed)
  var g = SeededGenerator(seed: seed &+ 1)
  for w in net.weights { setRandomMask(w, density: 1 - fraction, generator: &g) }
  return net
}

/// Random 28×28 images in ±1 with random labels of 10 classes.
private func images(_ n: Int, seed: UInt64) -> Dataset {
  var g = SeededGenerator(seed: seed)
  let labels = (0..<n).map { _ in Int32(g.nextInt(below: 10)) }
  let x = GradientCheck.random([n, 28, 28, 1], seed: seed &+ 1)
  return Dataset(unchecked: [28, 28, 1], (0..<10).map(String.init), x.scalars, labels)
}

// Serialized: the tests cap the SIMD level and set the thread count, settings of the process.
@Suite(.serialized) struct SparseConvolutionTests {
  @Test(arguments: [
    (
      MaskedConvolutionShape(inputs: 1, outputs: 6, side: 5, stride: 1, padding: 0), [28, 28],
      [1, 9], 0.3
    ),
    // One input channel, stride 1, no padding: the kernel vectorised across output channels,
    // with one block of eight channels (partial or full) or several, rows of any length, and no
    // kept tap at all (1→6 at 1% keeps none of 150 here).
    (
      MaskedConvolutionShape(inputs: 1, outputs: 6, side: 5, stride: 1, padding: 0), [28, 28],
      [2], 0.01
    ),
    (
      MaskedConvolutionShape(inputs: 1, outputs: 8, side: 5, stride: 1, padding: 0), [12, 11],
      [3, 10], 0.5
    ),
    (
      MaskedConvolutionShape(inputs: 1, outputs: 11, side: 3, stride: 1, padding: 0), [9, 10],
      [1, 13], 0.4
    ),
    (
      MaskedConvolutionShape(inputs: 1, outputs: 19, side: 2, stride: 1, padding: 0), [5, 6],
      [4], 0.9
    ),
    (
      MaskedConvolutionShape(inputs: 1, outputs: 3, side: 3, stride: 1, padding: 0), [3, 3],
      [5], 0.2
    ),
    // Padded (conv-2's and conv-4's first layers): the same kernel on zero-padded copies.
    (
      MaskedConvolutionShape(inputs: 1, outputs: 11, side: 3, stride: 1, padding: 1), [9, 10],
      [2, 9], 0.3
    ),
    (
      MaskedConvolutionShape(inputs: 1, outputs: 5, side: 5, stride: 1, padding: 2), [7, 6], [3],
      0.6
    ),
    (
      MaskedConvolutionShape(inputs: 6, outputs: 16, side: 5, stride: 1, padding: 0), [12, 12],
      [20], 0.1
    ),
    (
      MaskedConvolutionShape(inputs: 3, outputs: 4, side: 3, stride: 1, padding: 1), [9, 7], [5],
      0.5
    ),
    (
      MaskedConvolutionShape(inputs: 3, outputs: 5, side: 3, stride: 2, padding: 0), [9, 8], [4],
      0.4
    ),
    (
      MaskedConvolutionShape(inputs: 1, outputs: 3, side: 3, stride: 2, padding: 1), [7, 9], [3],
      0.6
    ),
    (
      MaskedConvolutionShape(inputs: 3, outputs: 2, side: 2, stride: 2, padding: 1), [6, 6], [9],
      0.5
    ),
  ])
  func sparseConvolutionAgreesWithTheDenseMaskedOneAtEveryLevelAndThreadCount(
    shape: MaskedConvolutionShape, size: [Int], batches: [Int], density: Double
  ) {
    let sparse = shape.masked(density: density, seed: 3, kernel: .sparse)
    for n in batches {
      let x = GradientCheck.random([n] + size + [shape.inputs], seed: UInt64(n))
      expectAgreement(sparse, x, "\(shape), \(size), batch \(n)")
    }
  }

  /// `sparse`'s training pass on `x` agrees with its dense twin's at every SIMD level, masked
  /// weights get a zero gradient, and 2 and 3 threads give the bits of 1 (the parts are cut by
  /// the batch size alone).
  private func expectAgreement(_ sparse: Conv2D, _ x: Tensor, _ context: String) {
    let mask = sparse.weight.mask!
    let expected = pass(twin(sparse, kernel: .dense), x, seed: 9)
    for level in 1...BLAS.sparseSIMDLevel {
      let one = with(threads: 1, level: level) { pass(sparse, x, seed: 9) }
      let context = "\(context), level \(level)"
      for (name, (a, b)) in zip(["y", "dx", "dW", "db"], zip(one, expected)) {
        #expect(relativeError(a, b) <= 1e-5, "\(context): \(name)")
      }
      for i in 0..<mask.count where mask[i] == 0 {
        #expect(one[2][i] == 0, "\(context): masked [\(i)]")
      }
      #expect(with(threads: 2, level: level) { pass(sparse, x, seed: 9) } == one, "\(context)")
      #expect(with(threads: 3, level: level) { pass(sparse, x, seed: 9) } == one, "\(context)")
    }
  }

  @Test func theOneChannelKernelHandlesASingleKeptTapAndAnEmptyBlockBesideAFullOne() {
    // Explicit masks: LeNet-5's first layer keeping one weight (output channel 4, tap 12); a
    // padded 1→16 layer (two blocks of eight channels) whose first block keeps nothing and
    // whose second keeps one tap of channel 9 and every tap of channel 15.
    let lenet = MaskedConvolutionShape(inputs: 1, outputs: 6, side: 5, stride: 1, padding: 0)
    let padded = MaskedConvolutionShape(inputs: 1, outputs: 16, side: 3, stride: 1, padding: 1)
    let cases: [(MaskedConvolutionShape, [Int], [Int])] = [
      (lenet, [4 * 25 + 12], [12, 12]),
      (padded, [9 * 9 + 4] + (0..<9).map { 15 * 9 + $0 }, [7, 6]),
    ]
    for (shape, kept, size) in cases {
      let sparse = shape.layer(seed: 11, kernel: .sparse)
      let mask = Tensor(shape: sparse.weight.value.shape)
      for i in kept { mask[i] = 1 }
      sparse.weight.setMask(mask)
      #expect(sparse.usesOneChannelSparseKernel)
      for n in [1, 9] {
        let x = GradientCheck.random([n] + size + [1], seed: UInt64(n) &+ 40)
        expectAgreement(sparse, x, "\(shape), \(kept.count) kept, batch \(n)")
      }
    }
  }

  @Test func gradientsThroughTheSparseConvolutionMatchFiniteDifferences() {
    // Masked weights must receive exactly zero gradient (GradientCheck checks it too).
    let cases = [
      (MaskedConvolutionShape(inputs: 1, outputs: 2, side: 3, stride: 1, padding: 0), [6, 5]),
      (MaskedConvolutionShape(inputs: 1, outputs: 10, side: 2, stride: 1, padding: 0), [4, 5]),
      (MaskedConvolutionShape(inputs: 1, outputs: 4, side: 3, stride: 1, padding: 1), [5, 4]),
      (MaskedConvolutionShape(inputs: 3, outputs: 2, side: 3, stride: 2, padding: 1), [7, 6]),
      (MaskedConvolutionShape(inputs: 2, outputs: 3, side: 2, stride: 1, padding: 1), [4, 5]),
    ]
    for (shape, size) in cases {
      let conv = shape.masked(density: 0.5, seed: 5, kernel: .sparse)
      let x = GradientCheck.random([2] + size + [shape.inputs], seed: 6)
      #expect(GradientCheck.check(conv, input: x) < 1e-2, "\(shape)")
    }
  }

  @Test func maskedConvolutionWeightsStayExactlyZeroThroughSparseTraining() throws {
    // 90% masked: the kept lists are below `keptStepDensityLimit`, so the optimisers step over
    // them alone.
    let net = try maskedLeNet5(fraction: 0.9, seed: 1)
    let convolutions = net.layers.compactMap { $0 as? Conv2D }
    let before = convolutions.map { $0.weight.value.copy() }
    for optimizer in [OptimizerConfig.adam(weightDecay: 1e-3), .sgd(momentum: 0.9)] {
      let config = TrainingConfig(
        length: .iterations(5), batchSize: 16, optimizer: optimizer, kernels: .sparse)
      _ = try Trainer(model: net, config: config).train(on: images(80, seed: 2))
    }
    for (conv, old) in zip(convolutions, before) {
      let (p, mask) = (conv.weight, conv.weight.mask!)
      let masked = (0..<p.count).filter { mask[$0] == 0 }
      #expect(masked.allSatisfy { p.value[$0] == 0 && p.gradient[$0] == 0 }, "\(p.name)")
      let moved = (0..<p.count).filter { mask[$0] == 1 && p.value[$0] != old[$0] }
      #expect(moved.count > p.unmaskedCount / 2, "\(p.name): kept weights trained")
    }
  }

  @Test func sparseConvolutionTrainingGivesTheSameBitsAtAnyThreadCountAndAgreesWithDense()
    throws
  {
    let data = images(120, seed: 3)
    func train(_ kernels: KernelChoice, threads: Int, level: Int = 0) throws -> [Tensor] {
      try with(threads: threads, level: level) {
        let net = try maskedLeNet5(fraction: 0.8, seed: 4)
        let config = TrainingConfig(length: .iterations(4), batchSize: 30, kernels: kernels)
        _ = try Trainer(model: net, config: config).train(on: data)
        return net.snapshot()
      }
    }
    for level in 1...BLAS.sparseSIMDLevel {
      let one = try train(.sparse, threads: 1, level: level)
      #expect(try train(.sparse, threads: 2, level: level) == one, "level \(level)")
      #expect(try train(.sparse, threads: 3, level: level) == one, "level \(level)")
    }
    let sparse = try train(.sparse, threads: 1)
    let dense = try train(.dense, threads: 1)
    #expect(dense != sparse)  // another summation order
    for (a, b) in zip(sparse, dense) { #expect(relativeError(a, b) <= 1e-3) }
  }

  @Test func aConvolutionPatternRebuiltAfterRepruningUsesTheNewMask() {
    let shape = MaskedConvolutionShape(inputs: 3, outputs: 4, side: 3, stride: 1, padding: 1)
    let conv = shape.masked(density: 0.6, seed: 7, kernel: .sparse)
    let x = GradientCheck.random([4, 6, 6, 3], seed: 8)
    _ = pass(conv, x, seed: 1)
    let first = conv.weight.maskPattern!
    #expect(conv.weight.maskPattern === first)  // built once per mask, not per use
    // Prune further: keep only the larger half of the kept weights.
    let kept = first.keptIndices.sorted { abs(conv.weight.value[$0]) > abs(conv.weight.value[$1]) }
    let mask = Tensor(shape: conv.weight.value.shape)
    for i in kept.prefix(kept.count / 2) { mask[i] = 1 }
    conv.weight.setMask(mask)
    let after = pass(conv, x, seed: 1)
    let second = conv.weight.maskPattern!
    #expect(second !== first)
    #expect(second.keptIndices == (0..<mask.count).filter { mask[$0] == 1 })
    // The gradient of weights the new mask removed is zero, and the pass is the dense one.
    for i in 0..<mask.count where mask[i] == 0 { #expect(after[2][i] == 0) }
    let expected = pass(twin(conv, kernel: .dense), x, seed: 1)
    for (a, b) in zip(after, expected) { #expect(relativeError(a, b) <= 1e-5) }
  }

  @Test func autoPicksTheSparseConvolutionKernelBelowTheMeasuredCrossover() throws {
    // Pinned: a change renames nothing but changes results of `auto` configurations. LeNet-5's
    // second layer (2,400 weights) is sparse at 40% density or less; its first layer (one input
    // channel, stride 1) is sparse whenever its mask removes a weight.
    for (kept, kernel) in [
      (2400, .dense), (1229, .dense), (984, .dense), (960, .sparse), (787, .sparse), (120, .sparse),
    ] as [(Int, Conv2D.Kernel)] {
      #expect(
        KernelChoice.automaticConvolutionKernel(weights: 2400, kept: kept, oneChannel: false)
          == kernel, "\(kept) of 2400")
    }
    for (kept, kernel) in [
      (0, .sparse), (1, .sparse), (8, .sparse), (75, .sparse), (149, .sparse),
      (150, .dense),
    ] as [(Int, Conv2D.Kernel)] {
      #expect(
        KernelChoice.automaticConvolutionKernel(weights: 150, kept: kept, oneChannel: true)
          == kernel, "\(kept) of 150")
    }
    let net = try maskedLeNet5(fraction: 0.95, seed: 2)
    let convolutions = net.layers.compactMap { $0 as? Conv2D }
    #expect(convolutions.map { KernelChoice.auto.kernel(for: $0) } == [.sparse, .sparse])
    let half = try maskedLeNet5(fraction: 0.5, seed: 2)
    #expect(
      half.layers.compactMap { $0 as? Conv2D }.map { KernelChoice.auto.kernel(for: $0) } == [
        .sparse, .dense,
      ])
    // A layer without a mask computes densely whatever the choice.
    let shape = MaskedConvolutionShape(inputs: 2, outputs: 3, side: 3, stride: 1, padding: 0)
    let unmasked = shape.layer(seed: 0)
    for choice in KernelChoice.allCases { #expect(choice.kernel(for: unmasked) == .dense) }
    let masked = shape.masked(density: 0.5, seed: 1)
    #expect(KernelChoice.sparse.kernel(for: masked) == .sparse)
    #expect(KernelChoice.dense.kernel(for: masked) == .dense)
  }

  @Test func trainingPutsTheChosenConvolutionKernelsInForceForTheRunOnly() throws {
    let net = try maskedLeNet5(fraction: 0.5, seed: 5)
    let convolutions = net.layers.compactMap { $0 as? Conv2D }
    var seen: [Conv2D.Kernel] = []
    let config = TrainingConfig(length: .iterations(1), batchSize: 20, kernels: .sparse)
    _ = try Trainer(model: net, config: config).train(on: images(40, seed: 1)) { _ in
      seen = convolutions.map(\.kernel)
    }
    #expect(seen == [.sparse, .sparse])
    #expect(convolutions.allSatisfy { $0.kernel == .dense && !$0.weight.updatesKeptOnly })
  }
}
