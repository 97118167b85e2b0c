import Foundation
import Testing

@testable import NeuralNet

@Suite struct InitializerAliasesTests {
  private func filled(_ initializer: Initializer) -> [Float] {
    var g = SeededGenerator(seed: 7)
    let t = Tensor(shape: [30, 20])
    initializer.fill(t, fanIn: 20, fanOut: 30, using: &g)
    return t.buffer.map { $0 }
  }

  private func json(_ initializer: Initializer) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    return try encoder.encode(initializer)
  }

  @Test func xavierAndKaimingAliasesAreTheGlorotAndHeValues() throws {
    let pairs: [(Initializer, Initializer)] = [
      (.xavierNormal, .glorotNormal), (.xavierUniform, .glorotUniform),
      (.kaimingNormal(), .heNormal()), (.kaimingUniform(), .heUniform()),
      (.kaimingNormal(fan: .out, gain: .tanh), .heNormal(fan: .out, gain: .tanh)),
      (.kaimingUniform(fan: .out, gain: .linear), .heUniform(fan: .out, gain: .linear)),
      (.signedKaimingConstant(), .signedHeConstant()),
    ]
    for (alias, original) in pairs {
      #expect(alias == original)
      #expect(try json(alias) == json(original))
      #expect(filled(alias).map(\.bitPattern) == filled(original).map(\.bitPattern))
    }
  }
}
