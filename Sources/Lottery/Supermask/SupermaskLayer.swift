import NeuralNet

@_implementationOnly import CKernels

/// A layer whose weights stay at their random initialisation and whose trainable parameters are
/// one score per weight: the forward pass uses only the weights of the k largest |scores| (the
/// supermask), and the scores learn by edge-popup (Ramanujan, Wortsman, Kembhavi, Farhadi &
/// Rastegari 2019, "What's Hidden in a Randomly Weighted Neural Network?", algorithm 1).
///
/// With frozen weights W, scores s and the mask m = top-k(|s|) of this layer, the layer computes
/// the wrapped layer with weights W ⊙ m; backward passes dL/d(W ⊙ m) straight through the
/// top-k to the scores: dL/ds = dL/d(W ⊙ m) ⊙ W ⊙ sign(s), for every score, kept or not.
///
/// Deviations and choices, on purpose:
/// - The mask keeps the top k of |s|, as the paper's code does, so the straight-through
///   gradient carries the chain-rule factor sign(s) of |·| (the paper's update
///   s ← s − α·∂L/∂I·W·Z is written for scores ranked by value; it is the same rule for |s|).
///   sign(±0) is ±1, so a score at zero still moves.
/// - Exactly round(k·n) weights are kept (halves rounded away from zero); ties in |s| at the
///   threshold are kept in storage order, lowest index first. The top k are recomputed at every
///   forward pass without sorting (the paper's code sorts every score every step): a radix
///   select on the bit patterns of |s|, O(n), preceded on AVX-512 machines by a one-pass search
///   in a window of values around the last threshold, which is where the new one almost always
///   is after one optimiser step.
/// - No biases, as the paper's fully connected and convolutional networks (the wrapped layer's
///   bias is held at zero and never updated).
/// - The scores are a `Parameter` with role `.weight` named `<layer>.scores` (the engine has no
///   role for them); the frozen weights are not parameters, so no optimiser can change them.
///   Give the scores no `Parameter` mask: an optimiser would zero the pruned edges' scores.
public class SupermaskLayer: Layer {
  public let name: String
  /// The fraction of this layer's weights the mask keeps, 0–1 (not the fraction removed).
  public let keptFraction: Double
  /// The number of weights the mask keeps: round(`keptFraction` · weight count).
  public let keptCount: Int
  /// The frozen random weights W (never changed by training; not among `parameters`).
  public let weight: Tensor
  /// One trainable score per weight, the layer's only parameter.
  public let scores: Parameter
  /// The wrapped layer; its weight parameter holds W ⊙ mask and receives dL/d(W ⊙ mask).
  let inner: Layer
  let effectiveWeight: Parameter
  private let scratch: UnsafeMutablePointer<UInt32>
  /// The last selection: kept where key(|s|) > threshold, or = threshold below index tieEnd.
  private var threshold: UInt32 = 0
  private var tieEnd = 0
  /// The half-width of the window of keys around the last threshold searched first.
  private var window: UInt32 = 0

  init(
    name: String, inner: Layer, effectiveWeight: Parameter, keptFraction: Double,
    weightInit: Initializer, scaleByKept: Bool, scoreInit: Initializer,
    generator: inout SeededGenerator
  ) {
    precondition(
      (0...1).contains(keptFraction), "keptFraction \(keptFraction) is outside 0–1 (\(name))")
    self.name = name
    self.inner = inner
    self.effectiveWeight = effectiveWeight
    self.keptFraction = keptFraction
    let shape = effectiveWeight.value.shape
    let count = effectiveWeight.count
    keptCount = Int((keptFraction * Double(count)).rounded())
    weight = Tensor(shape: shape)
    scores = Parameter(
      name: "\(name).scores", role: .weight, shape: shape, fanIn: effectiveWeight.fanIn,
      fanOut: effectiveWeight.fanOut)
    scratch = .allocate(capacity: Swift.max(count, 1))
    weightInit.fill(
      weight, fanIn: effectiveWeight.fanIn, fanOut: effectiveWeight.fanOut, using: &generator)
    if scaleByKept && keptFraction > 0 {
      Elementwise.scale(weight.pointer, by: Float(1 / keptFraction.squareRoot()), count: count)
    }
    scores.initialize(scoreInit, using: &generator)
    updateMask()
  }

  deinit { scratch.deallocate() }

  /// The frozen weights' element count.
  public var weightCount: Int { weight.count }

  public var summary: String {
    "Supermask \(inner.summary), keeps \(keptCount) of \(weightCount)"
  }

  public var parameters: [Parameter] { [scores] }

  public func outputShape(forInput shape: [Int]) -> [Int]? { inner.outputShape(forInput: shape) }

  /// Recomputes W ⊙ m, the weights the forward pass uses, from the current scores:
  /// m = top-`keptCount` of |s|. Every forward pass starts with this.
  public func updateMask() {
    var selection = tb_supermask_selection(threshold: threshold, tie_end: tieEnd, window: window)
    tb_supermask_select(
      scores.value.pointer, weight.pointer, effectiveWeight.value.pointer, weight.count,
      keptCount, scratch, &selection)
    (threshold, tieEnd, window) = (selection.threshold, selection.tie_end, selection.window)
  }

  /// The supermask of the current scores, 0/1 in the weights' shape: the top `keptCount` of
  /// |scores| (a new tensor, computed in O(n) on every read; also runs `updateMask`).
  public var mask: Tensor {
    updateMask()
    let m = Tensor(shape: weight.shape)
    tb_supermask_mask(
      scores.value.pointer, m.pointer, weight.count,
      tb_supermask_selection(threshold: threshold, tie_end: tieEnd, window: window))
    return m
  }

  // y = f(x; W ⊙ m),  m = top-k(|s|)
  public func forward(_ x: Tensor, training: Bool) -> Tensor {
    updateMask()
    return inner.forward(x, training: training)
  }

  // ds = dL/d(W ⊙ m) ⊙ W ⊙ sign(s) (straight through the top-k),  dx through W ⊙ m
  public func backward(_ g: Tensor, needsInputGradient: Bool) -> Tensor? {
    let dx = inner.backward(g, needsInputGradient: needsInputGradient)
    tb_supermask_score_gradient(
      scores.gradient.pointer, effectiveWeight.gradient.pointer, weight.pointer,
      scores.value.pointer, weight.count)
    return dx
  }

  /// dL/d(W ⊙ m) of the last backward pass, before it went through to the scores.
  public var effectiveWeightGradient: Tensor { effectiveWeight.gradient }

  /// The weights the forward pass uses, W ⊙ m (valid after a forward pass or `updateMask`).
  public var effectiveWeightValue: Tensor { effectiveWeight.value }
}

/// A fully connected supermask layer, y = x·(W ⊙ m)ᵀ, W [outputs, inputs] frozen (see
/// `SupermaskLayer`; Ramanujan et al. 2019).
public final class SupermaskDense: SupermaskLayer {
  /// The number of inputs per sample.
  public let inputSize: Int
  /// The number of outputs per sample.
  public let outputSize: Int

  /// Creates the layer: frozen weights from `weightInit` (scaled by 1/√`keptFraction` when
  /// `scaleByKept` and k > 0, the paper's "scaled" initialisations), then scores from `scoreInit`
  /// (Kaiming uniform with a = √5, i.e. ±1/√fan-in, as the paper's code), both drawn from
  /// `generator` in that order.
  public init(
    _ inputSize: Int, _ outputSize: Int, name: String = "dense", keptFraction: Double,
    weightInit: Initializer = .signedHeConstant(), scaleByKept: Bool = false,
    scoreInit: Initializer = .pytorchDefault, generator: inout SeededGenerator
  ) {
    self.inputSize = inputSize
    self.outputSize = outputSize
    var unused = SeededGenerator(seed: 0)
    let dense = Dense(inputSize, outputSize, name: name, weightInit: .zeros, generator: &unused)
    super.init(
      name: name, inner: dense, effectiveWeight: dense.weight, keptFraction: keptFraction,
      weightInit: weightInit, scaleByKept: scaleByKept, scoreInit: scoreInit,
      generator: &generator)
  }
}

/// A 2-D convolution supermask layer on NHWC batches, kernels [out, kh, kw, in] frozen (see
/// `SupermaskLayer`; Ramanujan et al. 2019).
public final class SupermaskConv2D: SupermaskLayer {
  /// Creates the layer with square kernels of side `kernel`; weights and scores as in
  /// `SupermaskDense`.
  public init(
    _ inChannels: Int, _ outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
    name: String = "conv", keptFraction: Double, weightInit: Initializer = .signedHeConstant(),
    scaleByKept: Bool = false, scoreInit: Initializer = .pytorchDefault,
    generator: inout SeededGenerator
  ) {
    var unused = SeededGenerator(seed: 0)
    let conv = Conv2D(
      inChannels, outChannels, kernel: kernel, stride: stride, padding: padding, name: name,
      weightInit: .zeros, generator: &unused)
    super.init(
      name: name, inner: conv, effectiveWeight: conv.weight, keptFraction: keptFraction,
      weightInit: weightInit, scaleByKept: scaleByKept, scoreInit: scoreInit,
      generator: &generator)
  }
}
