@_implementationOnly import CKernels

extension Dense {
  /// How a dense layer multiplies: the whole matrix through `sgemm`, or only the weights its
  /// mask keeps.
  public enum Kernel: String, Codable, Equatable, Sendable, CaseIterable {
    /// Every product through `sgemm` over the whole weight matrix, the mask applied to it.
    case dense
    /// Products over the kept weights only (`MaskPattern`), and an optimiser step that updates
    /// only those: the work shrinks with the density.
    case sparse
  }

  /// The mask pattern the sparse kernels use, or nil when the layer computes densely (the dense
  /// kernel is in force, or the weights have no mask).
  var sparsePattern: MaskPattern? {
    kernel == .sparse ? weight.maskPattern : nil
  }

  /// output = x·Wᵀ + b over kept W (rectified: max(0, ·)), keeping x transposed in scratch for
  /// the backward pass.
  // y = x·Wᵀ + b,  Σ over kept (i, j) only
  func sparseForward(_ x: Tensor, _ pattern: MaskPattern, rectified: Bool) {
    let n = x.shape[0]
    precondition(x.count == n * inputSize, "\(name): input \(x.shape) for \(inputSize) inputs")
    output.resize(to: [n, outputSize])
    let scratch = sparseScratch.reserve(tb_masked_scratch_count(outputSize, inputSize, n))
    tb_masked_forward(
      pattern.kernelPattern, weight.value.pointer, bias.value.pointer, x.pointer, output.pointer,
      n, rectified ? 1 : 0, scratch)
  }

  /// The backward pass through kept W: the weight gradient at kept positions only (the others
  /// stay zero), the bias gradient, and the input gradient through the transposed pattern.
  // dW = gᵀ·x at kept (i, j),  db = Σ_rows g,  dx = g·W over kept W
  func sparseBackward(
    _ g: Tensor, _ x: Tensor, _ pattern: MaskPattern, needsInputGradient: Bool
  ) -> Tensor? {
    let n = g.shape[0]
    if sparseGradientPattern !== pattern {
      // A new mask (or the dense kernel before): clear the positions this pattern never writes.
      weight.gradient.fill(0)
      sparseGradientPattern = pattern
    }
    if needsInputGradient { inputGradient.resize(to: x.shape) }
    let scratch = sparseScratch.reserve(tb_masked_scratch_count(outputSize, inputSize, n))
    tb_masked_backward(
      pattern.kernelPattern, weight.value.pointer, g.pointer, weight.gradient.pointer,
      needsInputGradient ? inputGradient.pointer : nil, n, scratch)
    Elementwise.columnSums(g.pointer, rows: n, cols: outputSize, into: bias.gradient.pointer)
    bias.maskGradient()
    return needsInputGradient ? inputGradient : nil
  }
}
