@_implementationOnly import CKernels

/// A 2-D convolution on NHWC batches, computed as im2col + one `sgemm`.
///
/// Input [N, H, W, Cin], kernel [Cout, KH, KW, Cin], output [N, OH, OW, Cout] with
/// OH = (H + 2·padding − KH)/stride + 1. Channels-last keeps each patch row contiguous, so the
/// whole batch is one matrix product.
public final class Conv2D: Layer {
  public let name: String
  /// Input channels.
  public let inChannels: Int
  /// Output channels (filters).
  public let outChannels: Int
  /// Kernel height and width.
  public let kernelSize: (height: Int, width: Int)
  /// Step between neighbouring windows.
  public let stride: Int
  /// Zero padding on every side.
  public let padding: Int
  /// The kernels, [outChannels, kernelHeight, kernelWidth, inChannels].
  public let weight: Parameter
  /// One bias per output channel.
  public let bias: Parameter
  /// The kernels the layer computes with: `.dense` unless a trainer picked `.sparse` for the
  /// length of a run (`TrainingConfig.kernels`). A layer without a mask always computes densely.
  public var kernel: Kernel = .dense {
    didSet {
      weight.updatesKeptOnly = kernel == .sparse
      sparseGradientPattern = nil
    }
  }
  /// The transposed input, output gradient and per-part planes of the sparse kernels.
  let sparseScratch = AlignedScratch()
  /// The pattern whose kept positions the last sparse backward wrote (the other gradient
  /// elements are zero); nil when the gradient must be cleared first.
  var sparseGradientPattern: MaskPattern?
  private let columns = Tensor(shape: [0])
  private let columnGradient = Tensor(shape: [0])
  let output = Tensor(shape: [0])
  let inputGradient = Tensor(shape: [0])
  private(set) var inputShape: [Int] = []

  /// Creates a convolution with square kernels of side `kernel`.
  public init(
    _ inChannels: Int, _ outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
    name: String = "conv", weightInit: Initializer = .glorotNormal,
    biasInit: Initializer = .zeros, generator: inout SeededGenerator
  ) {
    precondition(kernel > 0 && stride > 0 && padding >= 0, "invalid convolution geometry")
    self.name = name
    self.inChannels = inChannels
    self.outChannels = outChannels
    self.kernelSize = (kernel, kernel)
    self.stride = stride
    self.padding = padding
    let fanIn = kernel * kernel * inChannels
    let fanOut = kernel * kernel * outChannels
    weight = Parameter(
      name: "\(name).weight", role: .weight, shape: [outChannels, kernel, kernel, inChannels],
      fanIn: fanIn, fanOut: fanOut)
    bias = Parameter(
      name: "\(name).bias", role: .bias, shape: [outChannels], fanIn: fanIn, fanOut: fanOut)
    weight.initialize(weightInit, using: &generator)
    if case .pytorchDefault = biasInit {
      bias.initialize(.uniform(limit: 1 / Float(fanIn).squareRoot()), using: &generator)
    } else {
      bias.initialize(biasInit, using: &generator)
    }
  }

  public var summary: String {
    "Conv2D(\(inChannels)→\(outChannels), \(kernelSize.height)×\(kernelSize.width)"
      + (stride != 1 ? ", stride \(stride)" : "") + (padding != 0 ? ", padding \(padding)" : "")
      + ")"
  }
  public var parameters: [Parameter] { [weight, bias] }

  /// One input channel, stride 1, no padding (LeNet-5's first layer): computed directly along
  /// image rows, without im2col, which for a single channel costs more than the products.
  var usesDirectPath: Bool { inChannels == 1 && stride == 1 && padding == 0 }
  var input: Tensor?

  /// Output positions per chunk in inference (about 4,096: columns of a few hundred KB).
  static let inferenceChunkRows = 4096

  private var patchSize: Int { kernelSize.height * kernelSize.width * inChannels }

  public func outputShape(forInput shape: [Int]) -> [Int]? {
    guard shape.count == 3, shape[2] == inChannels else { return nil }
    let oh = (shape[0] + 2 * padding - kernelSize.height) / stride + 1
    let ow = (shape[1] + 2 * padding - kernelSize.width) / stride + 1
    guard shape[0] + 2 * padding >= kernelSize.height, shape[1] + 2 * padding >= kernelSize.width
    else { return nil }
    return [oh, ow, outChannels]
  }

  // y = im2col(x)·Wᵀ + b
  public func forward(_ x: Tensor, training: Bool) -> Tensor {
    precondition(x.shape.count == 4, "\(name): expected an [N, H, W, C] batch, got \(x.shape)")
    inputShape = x.shape
    let (n, h, w) = (x.shape[0], x.shape[1], x.shape[2])
    let out = outputShape(forInput: Array(x.shape.dropFirst()))!
    let (oh, ow) = (out[0], out[1])
    let k = patchSize
    output.resize(to: [n, oh, ow, outChannels])
    if let pattern = sparsePattern {
      sparseForward(x, pattern)
      input = training ? x : nil
      return output
    }
    if usesDirectPath {
      tb_conv1_forward(
        x.pointer, weight.value.pointer, bias.value.pointer, output.pointer, Int32(n), Int32(h),
        Int32(w), Int32(kernelSize.height), Int32(kernelSize.width), Int32(outChannels))
      input = training ? x : nil
      return output
    }
    // Training keeps the whole batch's columns for the weight gradient; inference works
    // through chunks of images so the column buffer stays in cache.
    let chunk = training ? n : Swift.max(1, Swift.min(n, Self.inferenceChunkRows / (oh * ow)))
    var first = 0
    while first < n {
      let count = Swift.min(chunk, n - first)
      let rows = count * oh * ow
      columns.resize(to: [rows, k])
      im2col(
        x.pointer + first * h * w * inChannels, n: count, h: h, w: w, oh: oh, ow: ow,
        into: columns.pointer)
      let out = output.pointer + first * oh * ow * outChannels
      BLAS.gemm(
        transB: true, m: rows, n: outChannels, k: k, a: columns.pointer, lda: k,
        b: weight.value.pointer, ldb: k, c: out, ldc: outChannels)
      Elementwise.addRowVector(out, rows: rows, cols: outChannels, bias.value.pointer)
      first += count
    }
    return output
  }

  // dW = gᵀ·im2col(x),  db = Σ g,  dx = col2im(g·W)
  public func backward(_ g: Tensor, needsInputGradient: Bool) -> Tensor? {
    let (n, h, w) = (inputShape[0], inputShape[1], inputShape[2])
    if let pattern = sparsePattern {
      guard input != nil else {
        preconditionFailure("\(name): backward without a training forward")
      }
      return sparseBackward(g, pattern, needsInputGradient: needsInputGradient)
    }
    if usesDirectPath {
      guard let x = input else {
        preconditionFailure("\(name): backward without a training forward")
      }
      if needsInputGradient { inputGradient.resize(to: inputShape) }
      columns.resize(
        to: [
          tb_conv1_backward_scratch(
            Int32(n), Int32(h), Int32(w), Int32(kernelSize.height), Int32(kernelSize.width),
            Int32(outChannels))
        ])
      tb_conv1_backward(
        x.pointer, g.pointer, weight.value.pointer, weight.gradient.pointer,
        bias.gradient.pointer, needsInputGradient ? inputGradient.pointer : nil, columns.pointer,
        Int32(n), Int32(h), Int32(w), Int32(kernelSize.height), Int32(kernelSize.width),
        Int32(outChannels))
      weight.maskGradient()
      bias.maskGradient()
      return needsInputGradient ? inputGradient : nil
    }
    let (oh, ow) = (g.shape[1], g.shape[2])
    let rows = n * oh * ow
    let k = patchSize
    BLAS.gemm(
      transA: true, m: outChannels, n: k, k: rows, a: g.pointer, lda: outChannels,
      b: columns.pointer, ldb: k, c: weight.gradient.pointer, ldc: k)
    weight.maskGradient()
    Elementwise.columnSums(g.pointer, rows: rows, cols: outChannels, into: bias.gradient.pointer)
    bias.maskGradient()
    guard needsInputGradient else { return nil }
    columnGradient.resize(to: [rows, k])
    BLAS.gemm(
      m: rows, n: k, k: outChannels, a: g.pointer, lda: outChannels, b: weight.value.pointer,
      ldb: k, c: columnGradient.pointer, ldc: k)
    inputGradient.resize(to: inputShape)
    inputGradient.fill(0)
    col2im(columnGradient.pointer, n: n, h: h, w: w, oh: oh, ow: ow, into: inputGradient.pointer)
    return inputGradient
  }

  private func geometry(n: Int, h: Int, w: Int, oh: Int, ow: Int) -> tb_conv_geometry {
    tb_conv_geometry(
      n: Int32(n), h: Int32(h), w: Int32(w), c: Int32(inChannels),
      kh: Int32(kernelSize.height), kw: Int32(kernelSize.width), stride: Int32(stride),
      pad: Int32(padding), oh: Int32(oh), ow: Int32(ow))
  }

  /// Copies every receptive field into one row: row (b, oy, ox) holds x[b, iy, ix, c] for
  /// (ky, kx, c) in order, zeros where the window covers padding.
  private func im2col(
    _ x: UnsafePointer<Float>, n: Int, h: Int, w: Int, oh: Int, ow: Int,
    into col: UnsafeMutablePointer<Float>
  ) {
    tb_im2col_nhwc(x, col, geometry(n: n, h: h, w: w, oh: oh, ow: ow))
  }

  /// The adjoint of `im2col`: adds every row's entries back to the input positions they came from.
  private func col2im(
    _ col: UnsafePointer<Float>, n: Int, h: Int, w: Int, oh: Int, ow: Int,
    into x: UnsafeMutablePointer<Float>
  ) {
    tb_col2im_nhwc(col, x, geometry(n: n, h: h, w: w, oh: oh, ow: ow))
  }
}

/// Max pooling on NHWC batches over `size`×`size` windows.
public final class MaxPool2D: Layer {
  public let name: String
  /// The window side.
  public let size: Int
  /// The step between windows (the window side by default).
  public let stride: Int
  private let output = Tensor(shape: [0])
  private let inputGradient = Tensor(shape: [0])
  private var argmax: [Int32] = []
  private var inputShape: [Int] = []

  /// Creates a max-pooling layer; `stride` defaults to `size` (non-overlapping windows).
  public init(size: Int = 2, stride: Int? = nil, name: String = "pool") {
    self.name = name
    self.size = size
    self.stride = stride ?? size
  }

  public var summary: String { "MaxPool2D(\(size)×\(size))" }

  public func outputShape(forInput shape: [Int]) -> [Int]? {
    guard shape.count == 3, shape[0] >= size, shape[1] >= size else { return nil }
    return [(shape[0] - size) / stride + 1, (shape[1] - size) / stride + 1, shape[2]]
  }

  // y[b, oy, ox, c] = max over the window of x
  public func forward(_ x: Tensor, training: Bool) -> Tensor {
    inputShape = x.shape
    let (n, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let out = outputShape(forInput: [h, w, c])!
    let (oh, ow) = (out[0], out[1])
    output.resize(to: [n, oh, ow, c])
    if argmax.count < output.count { argmax = [Int32](repeating: 0, count: output.count) }
    argmax.withUnsafeMutableBufferPointer { idx in
      if size == 2 && stride == 2 {
        tb_maxpool2x2_nhwc(
          x.pointer, output.pointer, idx.baseAddress!, Int32(n), Int32(h), Int32(w), Int32(c),
          Int32(oh), Int32(ow))
      } else {
        tb_maxpool_nhwc(
          x.pointer, output.pointer, idx.baseAddress!, Int32(n), Int32(h), Int32(w), Int32(c),
          Int32(size), Int32(stride), Int32(oh), Int32(ow))
      }
    }
    return output
  }

  // dx[argmax] += g
  public func backward(_ g: Tensor, needsInputGradient: Bool) -> Tensor? {
    guard needsInputGradient else { return nil }
    inputGradient.resize(to: inputShape)
    argmax.withUnsafeBufferPointer { idx in
      tb_maxpool_backward_nhwc(
        g.pointer, idx.baseAddress!, inputGradient.pointer, Int32(inputShape[0]),
        Int32(inputShape[1]), Int32(inputShape[2]), Int32(inputShape[3]), Int32(g.shape[1]),
        Int32(g.shape[2]))
    }
    return inputGradient
  }
}
