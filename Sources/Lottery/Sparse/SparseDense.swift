import NeuralNet

/// A fully connected layer whose weight matrix is stored sparsely: y = x·Wᵀ + b computed from
/// the kept weights only, for inference with pruned networks.
///
/// Converted from a pruned `Dense` layer, it gives that layer's outputs (the sum order differs,
/// so results agree to float rounding, not bit for bit). Below 8 samples it runs one sparse
/// matrix–vector product per sample, 16 rows at a time with gathered inputs (SELL-16); for
/// larger batches it transposes blocks of up to 64 samples and adds weight × input-row
/// vectors in registers. docs/sparse.md has the formats and measurements. It holds no trainable
/// parameters: `backward` is not available.
public final class SparseDense: Layer {
  /// How the forward pass multiplies; `automatic` picks by batch size.
  public enum Kernel: String, Codable, Sendable, CaseIterable {
    /// Per-sample products below `SparseDense.blockedBatchThreshold` samples, blocked above.
    case automatic
    /// One gathered sparse matrix–vector product per sample.
    case perSample
    /// Blocks of up to 64 transposed samples, each weight scaling a contiguous input row.
    case blocked
  }

  /// The smallest batch for which `automatic` uses the blocked kernel.
  public static let blockedBatchThreshold = 8

  /// The layer's name within its network (a converted layer keeps the dense layer's name).
  public let name: String
  /// The number of inputs per sample.
  public let inputSize: Int
  /// The number of outputs per sample.
  public let outputSize: Int
  /// The kept weights, [outputSize, inputSize].
  public let weight: CSRMatrix
  /// The bias vector, one per output.
  public let bias: [Float]
  /// The kernel the forward pass uses.
  public var kernel: Kernel = .automatic
  private let rows: SparseRows
  private let output = Tensor(shape: [0])

  /// Creates a layer from kept weights ([outputs, inputs]) and one bias per output.
  public init(name: String = "sparse", weight: CSRMatrix, bias: [Float]) {
    precondition(bias.count == weight.rows, "\(bias.count) biases for \(weight.rows) outputs")
    self.name = name
    self.inputSize = weight.columns
    self.outputSize = weight.rows
    self.weight = weight
    self.bias = bias
    rows = SparseRows(weight, bias: bias)
  }

  /// Converts a dense layer, keeping the weights its mask keeps (the exact non-zeros when it
  /// has no mask); the bias is kept whole, as pruning leaves it.
  public convenience init(converting dense: Dense) {
    let w = dense.weight
    let matrix = w.mask.map { CSRMatrix(w.value, mask: $0) } ?? CSRMatrix(w.value)
    self.init(name: dense.name, weight: matrix, bias: dense.bias.value.scalars)
  }

  /// The shape and the percentage of weights kept, such as `SparseDense(784→300, 5.0% kept)`.
  public var summary: String {
    let percent = (weight.density * 1000).rounded() / 10
    return "SparseDense(\(inputSize)→\(outputSize), \(percent)% kept)"
  }

  /// None: the layer is for inference (its weights are `weight` and `bias`).
  public var parameters: [Parameter] { [] }

  /// The elements the layer's buffers can hold; stays constant across calls with batches no
  /// larger than the largest seen so far.
  public var workspaceCapacity: Int { output.capacity + rows.scratchCount }

  /// [outputSize] for any per-sample shape of `inputSize` elements, as for `Dense`.
  public func outputShape(forInput shape: [Int]) -> [Int]? {
    shape.reduce(1, *) == inputSize ? [outputSize] : nil
  }

  /// The outputs for a batch ([n, outputSize]); the buffer stays valid until the next call.
  // y = x·Wᵀ + b, summing over the kept weights only
  public func forward(_ x: Tensor, training: Bool) -> Tensor {
    let n = x.shape[0]
    precondition(x.count == n * inputSize, "\(name): input \(x.shape) for \(inputSize) inputs")
    if output.shape.first != n || output.shape.count != 2 { output.resize(to: [n, outputSize]) }
    let blocked =
      switch kernel {
      case .automatic: n >= Self.blockedBatchThreshold
      case .perSample: false
      case .blocked: true
      }
    if blocked {
      rows.blocked(x.pointer, into: output.pointer, samples: n)
    } else {
      rows.perSample(x.pointer, into: output.pointer, samples: n)
    }
    return output
  }

  /// Not available: a sparse layer is for inference; train the dense layer and convert again.
  public func backward(_ g: Tensor, needsInputGradient: Bool) -> Tensor? {
    preconditionFailure(
      "\(name): SparseDense is inference-only; train the Dense layer and convert it again")
  }
}
