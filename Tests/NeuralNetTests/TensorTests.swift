import Foundation
import Testing

@testable import NeuralNet

@Suite struct TensorTests {
  @Test func matmulMatchesHandComputedProduct() {
    let a = Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
    let b = Tensor(shape: [3, 2], values: [7, 8, 9, 10, 11, 12])
    #expect(a.matmul(b).scalars == [58, 64, 139, 154])
    #expect(a.matmul(a, transposeOther: true).scalars == [14, 32, 32, 77])
    #expect(a.matmul(a, transposeSelf: true).shape == [3, 3])
  }

  @Test func resizeKeepsCapacityAndCopyIsIndependent() {
    let t = Tensor(shape: [4, 4], repeating: 1)
    t.resize(to: [2, 2])
    #expect(t.count == 4 && t.capacity == 16)
    let c = t.copy()
    t.fill(3)
    #expect(c.scalars == [1, 1, 1, 1])
  }

  @Test func codableRoundTripKeepsShapeAndValues() throws {
    let t = Tensor(shape: [2, 2], values: [1, -2.5, 3, .leastNormalMagnitude])
    let back = try JSONDecoder().decode(Tensor.self, from: JSONEncoder().encode(t))
    #expect(back == t)
  }
}
