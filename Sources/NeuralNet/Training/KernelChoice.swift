/// Which kernels the masked dense and convolution layers of a network train with: a training setting, since the
/// kernels sum in different orders and so give different bits.
public enum KernelChoice: String, Codable, Equatable, Sendable, CaseIterable {
  /// Every layer through `sgemm` over the whole weight matrix.
  case dense
  /// Every masked layer over its kept weights only.
  case sparse
  /// Per layer, from its shape and density (`automaticKernel`): the same choice on every
  /// machine, so a configuration names its results.
  case auto

  /// The kernel this choice puts in force for `layer`: dense for a layer without a mask.
  public func kernel(for layer: Dense) -> Dense.Kernel {
    kernel(for: layer.weight) { kept in
      Self.automaticKernel(outputs: layer.outputSize, inputs: layer.inputSize, kept: kept)
    }
  }

  /// The kernel this choice puts in force for the convolution `layer`: dense for a layer
  /// without a mask.
  public func kernel(for layer: Conv2D) -> Conv2D.Kernel {
    kernel(for: layer.weight) { kept in
      Self.automaticConvolutionKernel(
        weights: layer.weight.count, kept: kept, oneChannel: layer.usesOneChannelSparseKernel)
    }
  }

  /// Dense without a mask, else this choice, `automatic(kept weights)` deciding for `auto`.
  private func kernel(for weight: Parameter, automatic: (Int) -> Dense.Kernel) -> Dense.Kernel {
    guard weight.mask != nil else { return .dense }
    switch self {
    case .dense: return .dense
    case .sparse: return .sparse
    case .auto: return automatic(weight.maskPattern?.count ?? weight.count)
    }
  }

  /// The kernel `auto` picks for an [outputs, inputs] weight matrix keeping `kept` weights:
  /// sparse when the density is at most `sparseDensityLimit(outputs:inputs:)`.
  public static func automaticKernel(outputs: Int, inputs: Int, kept: Int) -> Dense.Kernel {
    let total = outputs * inputs
    guard total > 0, kept < total else { return .dense }
    return Double(kept) <= sparseDensityLimit(outputs: outputs, inputs: inputs) * Double(total)
      ? .sparse : .dense
  }

  /// The largest density at which `auto` trains an [outputs, inputs] layer sparsely: 0.55,
  /// between the densities where LeNet-300-100 at batch 60 trains faster densely (64%: sparse
  /// 15% slower per epoch) and sparsely (51.2%: sparse 14% faster); see docs/benchmarks.md.
  /// The sparse kernels do about 60% of `sgemm`'s multiply-adds per second, and skip the rest.
  /// A constant, not a measurement of the running machine: a configuration must pick the same
  /// kernels (and so the same bits) everywhere.
  public static func sparseDensityLimit(outputs: Int, inputs: Int) -> Double { 0.55 }

  /// The kernel `auto` picks for a convolution kernel of `weights` elements keeping `kept`:
  /// sparse when the density is at most `convolutionDensityLimit(oneChannel:)`. `oneChannel`:
  /// the layer has one input channel and stride 1, so its sparse kernel is the one vectorised
  /// across output channels (`Conv2D.usesOneChannelSparseKernel`).
  public static func automaticConvolutionKernel(weights: Int, kept: Int, oneChannel: Bool)
    -> Conv2D.Kernel
  {
    let limit = convolutionDensityLimit(oneChannel: oneChannel)
    guard weights > 0, kept < weights, limit > 0 else { return .dense }
    return Double(kept) <= limit * Double(weights) ? .sparse : .dense
  }

  /// The largest density at which `auto` trains a masked convolution sparsely: 0.4 on the planar
  /// sparse kernel (several input channels or a stride), between the densities where LeNet-5's
  /// (6→16, 5×5) and conv-2's (64→64, 3×3) second layers train faster densely (50%: sparse
  /// 0.82–0.93× dense) and sparsely (30%: 1.23–1.48×); 1 (every density below 100%) for one input
  /// channel and stride 1, whose sparse kernel, vectorised across output channels, was faster than
  /// the dense kernel at every density measured. See docs/benchmarks.md (sitting Q, `ticketbook
  /// bench layers`). Constants, like `sparseDensityLimit`.
  public static func convolutionDensityLimit(oneChannel: Bool) -> Double {
    oneChannel ? 1 : 0.4
  }
}
