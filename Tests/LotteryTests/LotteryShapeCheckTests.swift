import NeuralNet
import Testing

@testable import Lottery

/// Lottery's shape checks stay errors in every build (exit tests: the body runs in a child
/// process; see NeuralNetTests' ShapeCheckTests for why this matters in release builds).
@Suite struct LotteryShapeCheckTests {
  @Test func maskOfAnotherShapeForASparseMatrixTraps() async {
    await #expect(processExitsWith: .failure) {
      _ = CSRMatrix(Tensor(shape: [2, 3]), mask: Tensor(shape: [3, 2]))
    }
  }

  @Test func masksOfAnotherArchitectureTrap() async {
    await #expect(processExitsWith: .failure) {
      let small = try! ModelSpec.mlp(widths: [4, 3, 2]).build(weightInit: .glorotNormal, seed: 0)
      let large = try! ModelSpec.mlp(widths: [4, 5, 2]).build(weightInit: .glorotNormal, seed: 0)
      MaskSet.dense(for: large).apply(to: small)
    }
  }
}
