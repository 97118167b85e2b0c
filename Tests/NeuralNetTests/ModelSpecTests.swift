import Testing

@testable import NeuralNet

@Suite struct ModelSpecTests {
  @Test func presetsHaveThePublishedParameterCounts() throws {
    // LeNet-300-100: 784·300+300 + 300·100+100 + 100·10+10 = 266,610.
    #expect(try ModelSpec.lenet300100.build(seed: 0).parameterCount == 266_610)
    // LeNet-5 on 28×28 without padding: 156 + 2,416 + 30,840 + 10,164 + 850 = 44,426.
    #expect(try ModelSpec.lenet5.build(seed: 0).parameterCount == 44_426)
    #expect(try ModelSpec.conv2.build(seed: 0).outputShape == [10])
    #expect(try ModelSpec.conv4.build(seed: 0).shapes.last == [10])
  }

  @Test func namesRoundTrip() {
    for spec in [ModelSpec.lenet300100, .lenet5, .conv2, .conv4, .mlp(widths: [784, 50, 10])] {
      #expect(ModelSpec(name: spec.name) == spec)
    }
    #expect(ModelSpec(name: "resnet") == nil)
  }

  @Test func mismatchedLayersNameTheLayersAndShapes() {
    var g = SeededGenerator(seed: 0)
    #expect {
      _ = try Sequential(
        inputShape: [784],
        [
          Dense(784, 300, name: "fc1", generator: &g), ReLU(),
          Dense(200, 10, name: "fc2", generator: &g),
        ])
    } throws: { error in
      let text = "\(error)"
      return text.contains("fc2 Dense(200→10)") && text.contains("relu") && text.contains("[300]")
    }
  }

  @Test func convolutionOnFlatInputIsRejected() {
    var g = SeededGenerator(seed: 0)
    #expect(throws: ShapeError.self) {
      _ = try Sequential(inputShape: [784], [Conv2D(1, 6, kernel: 5, name: "conv1", generator: &g)])
    }
  }
}
