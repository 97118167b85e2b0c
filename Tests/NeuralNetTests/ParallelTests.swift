import CKernels
import SnapshotSupport
import Testing

@testable import NeuralNet

/// Counts, per part, how often a parallel job ran it.
private struct PartCounter {
  var counts: UnsafeMutablePointer<Int32>
}

private let countPart: @convention(c) (UnsafeMutableRawPointer?, Int32) -> Void = { context, part in
  let counter = context!.assumingMemoryBound(to: PartCounter.self).pointee
  counter.counts[Int(part)] += 1
}

/// Random 28×28 one-channel images with random labels of 10 classes.
private func images(_ n: Int, seed: UInt64) -> Dataset {
  var g = SeededGenerator(seed: seed)
  let features = (0..<n * 784).map { _ in g.nextUniform(0, 1) }
  let labels = (0..<n).map { _ in Int32(g.nextInt(below: 10)) }
  return Dataset(unchecked: [28, 28, 1], (0..<10).map(String.init), features, labels)
}

/// Restores the engine's thread count after a test changes it.
private func withThreads<R>(_ n: Int, _ body: () throws -> R) rethrows -> R {
  try withEngineSettingsLocked {
    let previous = BLAS.threads
    BLAS.setThreads(n)
    defer { BLAS.setThreads(previous) }
    return try body()
  }
}

@Suite(.serialized) struct ParallelTests {
  @Test func everyPartRunsExactlyOnceEvenWithConcurrentCallers() async {
    // Four tasks dispatch at once: one holds the pool, the others run their parts inline.
    let previous = BLAS.threads
    BLAS.setThreads(2)
    defer { BLAS.setThreads(previous) }
    do {
      await withTaskGroup(of: Bool.self) { group in
        for caller in 0..<4 {
          group.addTask {
            let parts = 3 + caller
            let counts = UnsafeMutablePointer<Int32>.allocate(capacity: parts)
            defer { counts.deallocate() }
            for _ in 0..<500 {
              counts.initialize(repeating: 0, count: parts)
              var counter = PartCounter(counts: counts)
              withUnsafeMutablePointer(to: &counter) { tb_parallel(countPart, $0, Int32(parts)) }
              if (0..<parts).contains(where: { counts[$0] != 1 }) { return false }
            }
            return true
          }
        }
        for await ok in group { #expect(ok) }
      }
    }
  }

  @Test func largeProductsSplitIntoBlocksChosenByShapeAlone() {
    #expect(BLAS.blocks(m: 60, n: 300, k: 784) == .columns(2))  // a training batch's first layer
    #expect(BLAS.blocks(m: 300, n: 784, k: 60) == .columns(2))  // its weight gradient
    #expect(BLAS.blocks(m: 1000, n: 300, k: 784) == .rows(2))  // inference at batch 1000
    #expect(BLAS.blocks(m: 3840, n: 16, k: 150) == .rows(4))  // LeNet-5's second convolution
    #expect(BLAS.blocks(m: 60, n: 100, k: 300) == .whole)  // too little work
    #expect(BLAS.blocks(m: 1000, n: 10, k: 100) == .whole)
    #expect(BLAS.blocks(m: 16, n: 64, k: 100_000) == .whole)  // nothing long enough to cut
    #expect(BLAS.blocks(m: 200, n: 16, k: 2000) == .rows(2))
    #expect(BLAS.blocks(m: 8, n: 4096, k: 1000) == .columns(4))
  }

  @Test(
    arguments: [
      (false, false, 1000, 300, 784), (false, true, 1000, 300, 784),
      (false, true, 60, 300, 784), (true, false, 300, 784, 60), (false, false, 60, 301, 784),
      (true, true, 3840, 16, 150), (false, true, 8, 4096, 1000),
    ])
  func splitProductsAreTheWholeProductWithTheSameBitsAtAnyThreadCount(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int
  ) {
    // The blocks are the same at every thread count, so 1, 2 and 3 threads give the same bits.
    // Against one whole `sgemm` call they agree to rounding: some OpenBLAS kernels (Haswell)
    // sum an element in another order when the block has fewer rows or columns.
    var g = SeededGenerator(seed: 4)
    let a = Tensor(
      shape: transA ? [k, m] : [m, k], values: (0..<m * k).map { _ in g.nextNormal() })
    let b = Tensor(
      shape: transB ? [n, k] : [k, n], values: (0..<n * k).map { _ in g.nextNormal() })
    func product(threads: Int) -> Tensor {
      withThreads(threads) { a.matmul(b, transposeSelf: transA, transposeOther: transB) }
    }
    let blocks = product(threads: 2)
    #expect(BLAS.blocks(m: m, n: n, k: k) != .whole)
    #expect(product(threads: 1) == blocks)
    #expect(product(threads: 3) == blocks)
    let whole = Tensor(shape: [m, n])
    BLAS.sgemmWhole(
      transA, transB, m, n, k, 1, a.pointer, a.shape[1], b.pointer, b.shape[1], 0,
      whole.pointer, n)
    // Each element is a sum of k products of unit normals: its rounding error is of order
    // sqrt(k)·ulp(sqrt(k)).
    var worst: Float = 0
    for i in 0..<whole.count { worst = max(worst, abs(whole[i] - blocks[i])) }
    #expect(worst <= 1e-5 * Float(k), "largest difference \(worst)")
    #expect(whole[0] != 0 && whole[whole.count - 1] != 0)
  }

  @Test(arguments: [false, true], [false, true])
  func blocksOfViewsIntoLargerMatricesScaleAndAccumulateLikeSgemm(transA: Bool, transB: Bool) {
    // Every operand is a view into a wider matrix (leading dimensions padded by 7), alpha and
    // beta are not 1 and 0, and both cuts run: rows (1000×300) and columns (60×300). The
    // result is checked against a Float64 loop, and the padding must stay untouched.
    for (m, n, k) in [(1000, 300, 200), (60, 300, 784)] {
      #expect(BLAS.blocks(m: m, n: n, k: k) != .whole)
      var g = SeededGenerator(seed: 9)
      let (aRows, aCols) = transA ? (k, m) : (m, k)
      let (bRows, bCols) = transB ? (n, k) : (k, n)
      let (lda, ldb, ldc) = (aCols + 7, bCols + 7, n + 7)
      let a = (0..<aRows * lda).map { _ in g.nextNormal() }
      let b = (0..<bRows * ldb).map { _ in g.nextNormal() }
      var c = (0..<m * ldc).map { _ in g.nextNormal() }
      let c0 = c
      withThreads(2) {
        BLAS.gemm(
          transA: transA, transB: transB, m: m, n: n, k: k, alpha: 0.5, a: a, lda: lda, b: b,
          ldb: ldb, beta: 2, c: &c, ldc: ldc)
      }
      var worst = 0.0
      for i in 0..<m {
        for j in 0..<n {
          var sum = 0.0
          for p in 0..<k {
            let x = Double(transA ? a[p * lda + i] : a[i * lda + p])
            let y = Double(transB ? b[j * ldb + p] : b[p * ldb + j])
            sum += x * y
          }
          worst = max(
            worst, abs(Double(c[i * ldc + j]) - (0.5 * sum + 2 * Double(c0[i * ldc + j]))))
        }
        for j in n..<ldc { #expect(c[i * ldc + j] == c0[i * ldc + j]) }
      }
      #expect(worst < 1e-3, "largest difference \(worst) for \(m)×\(n)×\(k)")
    }
  }

  @Test func trainingAndInferenceGiveTheSameBitsAtAnyThreadCount() throws {
    // LeNet-5 at batch 64 exercises every parallel path: the direct first convolution (images
    // split per thread forward, eight fixed parts backward), pooling, im2col/col2im, and the
    // second convolution's products (4,096 rows, split into row blocks). Evaluation at batch
    // 1000 adds the split dense products and the parallel elementwise kernels.
    let train = images(256, seed: 1)
    let test = images(1000, seed: 2)
    func run(threads: Int) throws -> ([Tensor], TrainingResult, Evaluation) {
      try withThreads(threads) {
        let net = try ModelSpec(name: "lenet-5")!.build(seed: 3)
        let config = TrainingConfig(length: .iterations(8), batchSize: 64, evaluateEvery: 4)
        let result = try Trainer(model: net, config: config).train(
          on: train, validation: nil, test: test)
        let mlp = try ModelSpec(name: "lenet-300-100")!.build(seed: 3)
        return (net.parameters.map { $0.value.copy() }, result, evaluate(mlp, on: test))
      }
    }
    let (w1, r1, e1) = try run(threads: 1)
    let (w2, r2, e2) = try run(threads: 2)
    let (w3, r3, e3) = try run(threads: 3)
    #expect(w1 == w2 && w1 == w3)
    #expect(r1 == r2 && r1 == r3)
    #expect(e1 == e2 && e1 == e3)
  }

  @Test func optimiserStepsOnLargeTensorsGiveTheSameBitsAtAnyThreadCount() {
    // 200,000 elements: split over the threads. Plain and masked, Adam and SGD with momentum,
    // with the optimiser masking the gradient (as during training) and without.
    func steps(threads: Int, masked: Bool, adam: Bool) -> [Float] {
      withThreads(threads) {
        var g = SeededGenerator(seed: 8)
        let p = Parameter(name: "w", role: .weight, shape: [200_000], fanIn: 1, fanOut: 1)
        for i in 0..<p.count { p.value[i] = g.nextNormal() }
        if masked {
          p.setMask(
            Tensor(
              shape: [200_000], values: (0..<200_000).map { _ in g.nextUniform(0, 1) < 0.3 ? 0 : 1 }
            ))
          p.gradientMaskedByOptimizer = true
        }
        let optimizer: Optimizer =
          adam
          ? Adam([p], weightDecay: 1e-4)
          : SGD([p], momentum: 0.9, nesterov: true, weightDecay: 1e-4)
        for _ in 0..<3 {
          for i in 0..<p.count { p.gradient[i] = g.nextNormal() }
          optimizer.step(learningRate: 1e-2)
        }
        return p.value.scalars + p.gradient.scalars
      }
    }
    for masked in [false, true] {
      for adam in [false, true] {
        let one = steps(threads: 1, masked: masked, adam: adam)
        #expect(
          one == steps(threads: 2, masked: masked, adam: adam), "masked \(masked), adam \(adam)")
        #expect(
          one == steps(threads: 3, masked: masked, adam: adam), "masked \(masked), adam \(adam)")
      }
    }
  }

  @Test func batchesOfConsecutiveRowsAreViewsOfTheDataset() {
    let data = images(12, seed: 5)
    let scratch = Tensor(shape: [0])
    let copied = tensor(of: data, range: 3..<9)
    data.withBatch(3..<9, scratch: scratch) { x in
      #expect(x.shape == [6, 28, 28, 1])
      #expect(x == copied)
    }
    #expect(scratch.count == 0)  // no copy was made
    // A subset out of order is gathered into the scratch tensor.
    let shuffled = data.subset([5, 2, 7])
    shuffled.withBatch(0..<3, scratch: scratch) { x in
      #expect(x === scratch)
      #expect(x == tensor(of: shuffled, range: 0..<3))
    }
    // A subset of consecutive rows is a view again.
    let tail = data.subset([8, 9, 10])
    tail.withBatch(0..<3, scratch: Tensor(shape: [0])) { x in
      #expect(Array(x.buffer) == Array(data.sample(8) + data.sample(9) + data.sample(10)))
    }
  }

  @Test func resizingAViewGivesItStorageOfItsOwn() {
    let source: [Float] = [1, 2, 3, 4]
    source.withUnsafeBufferPointer { buffer in
      Tensor.withView(of: buffer.baseAddress!, shape: [2, 2]) { view in
        #expect(view.scalars == [1, 2, 3, 4])
        view.resize(to: [3, 3])
        view.fill(7)
      }
    }
    #expect(source == [1, 2, 3, 4])
  }
}
