import Foundation

/// Softmax followed by cross-entropy, averaged over the batch, with its gradient.
public final class SoftmaxCrossEntropy {
  /// dL/d(logits) of the last `loss` call, [N, classes].
  public let gradient = Tensor(shape: [0])

  /// Creates the loss.
  public init() {}

  /// The mean cross-entropy of `logits` [N, classes] against integer `labels`; also writes
  /// `gradient` when `computeGradient` is true.
  // L = −(1/N) Σ_n log softmax(z_n)[y_n];  dL/dz = (softmax(z) − onehot(y)) / N
  public func loss(
    logits: Tensor, labels: UnsafePointer<Int32>, computeGradient: Bool = true
  ) -> Float {
    let n = logits.shape[0]
    let k = logits.count / Swift.max(n, 1)
    if computeGradient { gradient.resize(to: logits.shape) }
    var total: Double = 0
    let invN = 1 / Float(n)
    for r in 0..<n {
      let z = logits.pointer + r * k
      var m = z[0]
      for j in 1..<k { m = Swift.max(m, z[j]) }
      var s: Float = 0
      for j in 0..<k { s += expf(z[j] - m) }
      let logSum = logf(s) + m
      let y = Int(labels[r])
      total += Double(logSum - z[y])
      if computeGradient {
        let g = gradient.pointer + r * k
        let invS = 1 / s
        for j in 0..<k { g[j] = expf(z[j] - m) * invS * invN }
        g[y] -= invN
      }
    }
    return Float(total / Double(n))
  }

  /// The number of rows of `logits` whose largest entry is at the label.
  public static func correctCount(logits: Tensor, labels: UnsafePointer<Int32>) -> Int {
    let n = logits.shape[0]
    let k = logits.count / Swift.max(n, 1)
    var correct = 0
    for r in 0..<n {
      let z = logits.pointer + r * k
      var best = 0
      for j in 1..<k where z[j] > z[best] { best = j }
      if best == Int(labels[r]) { correct += 1 }
    }
    return correct
  }
}
