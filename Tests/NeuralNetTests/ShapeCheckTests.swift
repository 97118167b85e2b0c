import Foundation
import Testing

@testable import NeuralNet

/// Shape checks are errors in every build: a mismatched product stops the process instead of
/// computing on the wrong memory. These are exit tests (the body runs in a child process), so
/// they also hold in `swift test -c release`, which scripts/test runs: a release build that
/// compiled the engine with `-Ounchecked` would drop the preconditions, the bodies would return
/// normally, and the tests would fail.
@Suite struct ShapeCheckTests {
  @Test func matmulOfMismatchedInnerDimensionsTraps() async {
    await #expect(processExitsWith: .failure) {
      let a = Tensor(shape: [2, 3])
      let b = Tensor(shape: [4, 5])
      _ = a.matmul(b)
    }
  }

  @Test func denseLayerFedTheWrongWidthTraps() async {
    await #expect(processExitsWith: .failure) {
      var generator = SeededGenerator(seed: 0)
      let layer = Dense(4, 2, generator: &generator)
      _ = layer.forward(Tensor(shape: [3, 5]), training: false)
    }
  }

  @Test func reshapeToAnotherCountTraps() async {
    await #expect(processExitsWith: .failure) {
      Tensor(shape: [2, 3]).reshape(to: [4, 2])
    }
  }
}
