@_implementationOnly import CKernels

extension Conv2D {
  /// How a convolution computes: im2col and `sgemm` (or the direct first-layer kernel) over the
  /// whole kernel with the mask applied to it, or a direct convolution over the kept taps only
  /// (for a layer of one input channel and stride 1, vectorised across output channels).
  public typealias Kernel = Dense.Kernel

  /// The mask pattern the sparse kernels use, viewing the kernel as [outChannels,
  /// kernelHeight·kernelWidth·inChannels], or nil when the layer computes densely (the dense
  /// kernel is in force, or the weights have no mask).
  var sparsePattern: MaskPattern? {
    kernel == .sparse ? weight.maskPattern : nil
  }

  /// The sparse kernels' scratch for the current input shape and `pattern`.
  private func scratch(for pattern: MaskPattern) -> UnsafeMutablePointer<Float> {
    let (n, h, w) = (Int32(inputShape[0]), Int32(inputShape[1]), Int32(inputShape[2]))
    return sparseScratch.reserve(
      tb_sparse_conv_scratch_count(
        n, h, w, Int32(inChannels), Int32(kernelSize.height), Int32(kernelSize.width),
        Int32(stride), Int32(padding), outChannels, pattern.count))
  }

  /// One input channel and stride 1 (LeNet-5's first layer; conv-2's and conv-4's, padded): the
  /// sparse kernel vectorised across output channels rather than the planar one.
  public var usesOneChannelSparseKernel: Bool { inChannels == 1 && stride == 1 }

  /// The scratch of the one-channel sparse kernels for the current input shape.
  private func oneChannelScratch() -> UnsafeMutablePointer<Float> {
    sparseScratch.reserve(
      tb_sparse_conv1_scratch_count(
        Int32(inputShape[0]), Int32(inputShape[1]), Int32(inputShape[2]),
        Int32(kernelSize.height), Int32(kernelSize.width), Int32(outChannels), Int32(padding)))
  }

  /// The output over kept taps only (`output`, already sized). The planar kernel keeps the
  /// transposed input in scratch for the backward pass; the one-channel kernel reads the input
  /// itself (`input`) again.
  // y[b, oy, ox, o] = bias[o] + Σ over kept (o, ky, kx, i) of w · x[b, oy·s+ky−p, ox·s+kx−p, i]
  func sparseForward(_ x: Tensor, _ pattern: MaskPattern) {
    if usesOneChannelSparseKernel {
      tb_sparse_conv1_forward(
        pattern.kernelPattern, weight.value.pointer, bias.value.pointer, x.pointer,
        output.pointer, Int32(inputShape[0]), Int32(inputShape[1]), Int32(inputShape[2]),
        Int32(kernelSize.height), Int32(kernelSize.width), Int32(padding), oneChannelScratch())
      return
    }
    let buffer = scratch(for: pattern)
    tb_sparse_conv_forward(
      pattern.kernelPattern, weight.value.pointer, bias.value.pointer, x.pointer, output.pointer,
      Int32(inputShape[0]), Int32(inputShape[1]), Int32(inputShape[2]), Int32(inChannels),
      Int32(kernelSize.height), Int32(kernelSize.width), Int32(stride), Int32(padding), buffer)
  }

  /// The backward pass through kept taps: the weight gradient at kept positions only (the others
  /// stay zero), the bias gradient, and the input gradient scattered through the same taps.
  // dW = Σ g · shifted x at kept taps,  db = Σ g,  dx = Σ over kept taps of w · shifted g
  func sparseBackward(_ g: Tensor, _ pattern: MaskPattern, needsInputGradient: Bool) -> Tensor? {
    if sparseGradientPattern !== pattern {
      // A new mask (or the dense kernel before): clear the positions this pattern never writes.
      weight.gradient.fill(0)
      sparseGradientPattern = pattern
    }
    if needsInputGradient { inputGradient.resize(to: inputShape) }
    if usesOneChannelSparseKernel {
      guard let x = input else {
        preconditionFailure("\(name): backward without a training forward")
      }
      tb_sparse_conv1_backward(
        pattern.kernelPattern, weight.value.pointer, x.pointer, g.pointer,
        weight.gradient.pointer, bias.gradient.pointer,
        needsInputGradient ? inputGradient.pointer : nil, Int32(inputShape[0]),
        Int32(inputShape[1]), Int32(inputShape[2]), Int32(kernelSize.height),
        Int32(kernelSize.width), Int32(padding), oneChannelScratch())
      bias.maskGradient()
      return needsInputGradient ? inputGradient : nil
    }
    let buffer = scratch(for: pattern)
    tb_sparse_conv_backward(
      pattern.kernelPattern, weight.value.pointer, g.pointer, weight.gradient.pointer,
      needsInputGradient ? inputGradient.pointer : nil, Int32(inputShape[0]),
      Int32(inputShape[1]), Int32(inputShape[2]), Int32(inChannels), Int32(kernelSize.height),
      Int32(kernelSize.width), Int32(stride), Int32(padding), buffer)
    let rows = g.count / outChannels
    Elementwise.columnSums(g.pointer, rows: rows, cols: outChannels, into: bias.gradient.pointer)
    bias.maskGradient()
    return needsInputGradient ? inputGradient : nil
  }
}
