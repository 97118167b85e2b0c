/// A fully connected layer: y = x·Wᵀ + b, with W stored as [outputs, inputs] (PyTorch's layout).
public final class Dense: Layer {
  public let name: String
  /// The number of inputs per sample.
  public let inputSize: Int
  /// The number of outputs per sample.
  public let outputSize: Int
  /// The weight matrix, [outputSize, inputSize].
  public let weight: Parameter
  /// The bias vector, [outputSize].
  public let bias: Parameter
  /// The kernels the layer computes with: `.dense` unless a trainer picked `.sparse` for the
  /// length of a run (`TrainingConfig.kernels`). A layer without a mask always computes densely.
  public var kernel: Kernel = .dense {
    didSet {
      weight.updatesKeptOnly = kernel == .sparse
      sparseGradientPattern = nil
    }
  }
  let output = Tensor(shape: [0])
  let inputGradient = Tensor(shape: [0])
  var input: Tensor?
  /// Transposed blocks of the input, output gradient and input gradient (sparse kernels).
  let sparseScratch = AlignedScratch()
  /// The pattern whose kept positions the last sparse backward wrote (the other gradient
  /// elements are zero); nil when the gradient must be cleared first.
  var sparseGradientPattern: MaskPattern?

  /// Creates a dense layer, initialising the weights with `weightInit` and the biases with
  /// `biasInit`, drawing from `generator`.
  public init(
    _ inputSize: Int, _ outputSize: Int, name: String = "dense",
    weightInit: Initializer = .glorotNormal, biasInit: Initializer = .zeros,
    generator: inout SeededGenerator
  ) {
    self.name = name
    self.inputSize = inputSize
    self.outputSize = outputSize
    weight = Parameter(
      name: "\(name).weight", role: .weight, shape: [outputSize, inputSize], fanIn: inputSize,
      fanOut: outputSize)
    bias = Parameter(
      name: "\(name).bias", role: .bias, shape: [outputSize], fanIn: inputSize, fanOut: outputSize)
    weight.initialize(weightInit, using: &generator)
    if case .pytorchDefault = biasInit {
      bias.initialize(.uniform(limit: 1 / Float(inputSize).squareRoot()), using: &generator)
    } else {
      bias.initialize(biasInit, using: &generator)
    }
  }

  public var summary: String { "Dense(\(inputSize)→\(outputSize))" }
  public var parameters: [Parameter] { [weight, bias] }

  public func outputShape(forInput shape: [Int]) -> [Int]? {
    shape.reduce(1, *) == inputSize ? [outputSize] : nil
  }

  // y = x·Wᵀ + b
  public func forward(_ x: Tensor, training: Bool) -> Tensor {
    if let pattern = sparsePattern {
      sparseForward(x, pattern, rectified: false)
      input = training ? x : nil
      return output
    }
    product(x)
    Elementwise.addRowVector(output.pointer, rows: x.shape[0], cols: outputSize, bias.value.pointer)
    input = training ? x : nil
    return output
  }

  /// Inference through this layer and a ReLU after it, max(0, x·Wᵀ + b), with the bias and the
  /// rectifier in one pass: the same operations, so the same bits, as the two layers.
  func forwardRectified(_ x: Tensor) -> Tensor {
    if let pattern = sparsePattern {
      sparseForward(x, pattern, rectified: true)
      input = nil
      return output
    }
    product(x)
    Elementwise.addRowVectorReLU(
      output.pointer, rows: x.shape[0], cols: outputSize, bias.value.pointer)
    input = nil
    return output
  }

  /// output = x·Wᵀ
  private func product(_ x: Tensor) {
    let n = x.shape[0]
    precondition(x.count == n * inputSize, "\(name): input \(x.shape) for \(inputSize) inputs")
    output.resize(to: [n, outputSize])
    BLAS.gemm(
      transB: true, m: n, n: outputSize, k: inputSize, a: x.pointer, lda: inputSize,
      b: weight.value.pointer, ldb: inputSize, c: output.pointer, ldc: outputSize)
  }

  // dW = gᵀ·x,  db = Σ_rows g,  dx = g·W
  public func backward(_ g: Tensor, needsInputGradient: Bool) -> Tensor? {
    guard let x = input else { preconditionFailure("\(name): backward without a training forward") }
    if let pattern = sparsePattern {
      return sparseBackward(g, x, pattern, needsInputGradient: needsInputGradient)
    }
    let n = g.shape[0]
    BLAS.gemm(
      transA: true, m: outputSize, n: inputSize, k: n, a: g.pointer, lda: outputSize,
      b: x.pointer, ldb: inputSize, c: weight.gradient.pointer, ldc: inputSize)
    weight.maskGradient()
    Elementwise.columnSums(g.pointer, rows: n, cols: outputSize, into: bias.gradient.pointer)
    bias.maskGradient()
    guard needsInputGradient else { return nil }
    inputGradient.resize(to: x.shape)
    BLAS.gemm(
      m: n, n: inputSize, k: outputSize, a: g.pointer, lda: outputSize, b: weight.value.pointer,
      ldb: inputSize, c: inputGradient.pointer, ldc: inputSize)
    return inputGradient
  }
}
