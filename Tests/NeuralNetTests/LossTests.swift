import Foundation
import Testing

@testable import NeuralNet

@Suite struct LossTests {
  @Test func crossEntropyGradientMatchesFiniteDifferences() {
    let loss = SoftmaxCrossEntropy()
    let logits = GradientCheck.random([4, 5], seed: 3, scale: 2)
    let labels: [Int32] = [0, 3, 4, 1]
    _ = labels.withUnsafeBufferPointer { loss.loss(logits: logits, labels: $0.baseAddress!) }
    let g = loss.gradient.copy()
    let eps: Float = 1e-2
    for i in 0..<logits.count {
      let old = logits[i]
      logits[i] = old + eps
      let plus = labels.withUnsafeBufferPointer {
        loss.loss(logits: logits, labels: $0.baseAddress!, computeGradient: false)
      }
      logits[i] = old - eps
      let minus = labels.withUnsafeBufferPointer {
        loss.loss(logits: logits, labels: $0.baseAddress!, computeGradient: false)
      }
      logits[i] = old
      let numeric = (Double(plus) - Double(minus)) / (2 * Double(eps))
      #expect(abs(numeric - Double(g[i])) < 1e-3)
    }
  }

  @Test func uniformLogitsGiveLogOfClassCount() {
    let loss = SoftmaxCrossEntropy()
    let value = [Int32(2)].withUnsafeBufferPointer {
      loss.loss(logits: Tensor(shape: [1, 10]), labels: $0.baseAddress!)
    }
    #expect(abs(Double(value) - log(10.0)) < 1e-6)
  }

  @Test func hugeLogitsStayFinite() {
    let loss = SoftmaxCrossEntropy()
    let value = [Int32(0)].withUnsafeBufferPointer {
      loss.loss(logits: Tensor(shape: [1, 3], values: [1000, -1000, 0]), labels: $0.baseAddress!)
    }
    #expect(value.isFinite && value < 1e-6)
  }
}
