import Foundation
import NeuralNet
import Testing

@testable import Lottery

@Suite struct SparseCSRMatrixTests {
  @Test func roundTripThroughCSRGivesTheDenseMatrixBack() {
    let dense = Tensor(shape: [3, 4], values: [0, 1.5, 0, -2, 0, 0, 0, 0, 3, 0, 0, 4])
    let csr = CSRMatrix(dense)
    #expect(csr.rowPointers == [0, 2, 2, 4])
    #expect(csr.columnIndices == [1, 3, 0, 3])
    #expect(csr.values == [1.5, -2, 3, 4])
    #expect(csr.nonZeroCount == 4)
    #expect(csr.density == 4.0 / 12)
    #expect(csr.toDense() == dense)
  }

  @Test func maskedConversionKeepsTheMasksOnesEvenWhereTheValueIsZero() {
    let dense = Tensor(shape: [2, 3], values: [0, 2, 0, 5, 0, 7])
    let mask = Tensor(shape: [2, 3], values: [1, 1, 0, 0, 0, 1])
    let csr = CSRMatrix(dense, mask: mask)
    #expect(csr.nonZeroCount == 3)
    #expect(csr.columnIndices == [0, 1, 2])
    #expect(csr.values == [0, 2, 7])
    #expect(csr.toDense() == Tensor(shape: [2, 3], values: [0, 2, 0, 0, 0, 7]))
  }

  @Test func jsonRoundTripIsEqualAndCorruptArraysAreRejected() throws {
    var g = SeededGenerator(seed: 3)
    let mask = RandomMask.keeping(density: 0.2, shape: [20, 30], using: &g)
    let dense = Tensor(shape: [20, 30], values: (0..<600).map { _ in g.nextNormal() })
    let csr = CSRMatrix(dense, mask: mask)
    let data = try JSONEncoder().encode(csr)
    #expect(try JSONDecoder().decode(CSRMatrix.self, from: data) == csr)

    let corrupt = Data(
      #"{"rows":1,"columns":2,"rowPointers":[0,1],"columnIndices":[5],"values":[1]}"#.utf8)
    #expect(throws: DecodingError.self) { try JSONDecoder().decode(CSRMatrix.self, from: corrupt) }
    #expect(throws: CSRMatrix.FormatError.self) {
      try CSRMatrix(
        rows: 1, columns: 3, rowPointers: [0, 2], columnIndices: [2, 1], values: [1, 1])
    }
  }

  @Test func emptyAndFullyPrunedMatricesHaveNoEntries() {
    let csr = CSRMatrix(Tensor(shape: [4, 5]))
    #expect(csr.nonZeroCount == 0)
    #expect(csr.density == 0)
    #expect(csr.rowPointers == [0, 0, 0, 0, 0])
    #expect(csr.toDense() == Tensor(shape: [4, 5]))
  }
}
