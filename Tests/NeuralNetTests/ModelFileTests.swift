import Foundation
import Testing

@testable import NeuralNet

@Suite struct ModelFileTests {
  private func maskedLeNet() throws -> Sequential {
    let net = try ModelSpec.mlp(widths: [20, 8, 3]).build(seed: 5)
    var g = SeededGenerator(seed: 6)
    let w = net.weights[0]
    w.setMask(
      Tensor(
        shape: w.value.shape, values: (0..<w.count).map { _ in g.nextUnitFloat() < 0.3 ? 0 : 1 }))
    return net
  }

  @Test func saveLoadRoundTripKeepsWeightsAndMasks() throws {
    let net = try maskedLeNet()
    let back = try ModelFile.decode(try ModelFile.encode(net))
    #expect(back.spec == net.spec)
    for (a, b) in zip(net.parameters, back.parameters) {
      #expect(a.value == b.value)
      #expect(a.mask == b.mask)
    }
  }

  @Test func anotherArchitectureIsRejected() throws {
    let data = try ModelFile.encode(try maskedLeNet())
    #expect(
      throws: ModelFileError.architectureMismatch(
        path: "<memory>", expected: "lenet-5", found: "mlp-20-8-3")
    ) {
      _ = try ModelFile.decode(data, expecting: .lenet5)
    }
  }

  @Test func anotherVersionIsRejected() throws {
    var data = try ModelFile.encode(try maskedLeNet())
    data[8] = 9
    #expect(throws: ModelFileError.unsupportedVersion(path: "<memory>", found: 9, supported: 1)) {
      _ = try ModelFile.decode(data)
    }
  }

  @Test func truncatedOrCorruptFilesAreRejected() throws {
    let data = try ModelFile.encode(try maskedLeNet())
    for cut in [3, 12, 40, data.count / 2, data.count - 1] {
      #expect(throws: ModelFileError.self) { _ = try ModelFile.decode(data.prefix(cut)) }
    }
    var flipped = data
    flipped[data.count - 20] ^= 0x40
    #expect(throws: ModelFileError.corrupt(path: "<memory>")) { _ = try ModelFile.decode(flipped) }
    #expect(throws: ModelFileError.notAModelFile(path: "<memory>")) {
      _ = try ModelFile.decode(Data("hello".utf8))
    }
  }

  @Test func fileOnDiskRoundTrips() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("tb-\(UUID()).tbmodel")
      .path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let net = try maskedLeNet()
    try ModelFile.save(net, to: path)
    #expect(
      try ModelFile.load(path, expecting: net.spec).parameters.map(\.value)
        == net.parameters.map(\.value))
  }
}
