import Testing

@testable import NeuralNet

@Suite struct DataSyntheticTests {
  @Test func blobsAreDeterministicFromTheSeed() {
    let a = SyntheticData.gaussianBlobs(classes: 3, samplesPerClass: 5, dimensions: 4, seed: 7)
    let b = SyntheticData.gaussianBlobs(classes: 3, samplesPerClass: 5, dimensions: 4, seed: 7)
    let c = SyntheticData.gaussianBlobs(classes: 3, samplesPerClass: 5, dimensions: 4, seed: 8)
    #expect(a == b)
    #expect(a != c)
    #expect(a.sampleShape == [4] && a.count == 15)
    #expect(a.classCounts == [5, 5, 5])
    #expect(a.labels.prefix(4) == [0, 1, 2, 0])
  }

  @Test func blobsWithSmallSpreadSitCloseToTheirClassMean() {
    let data = SyntheticData.gaussianBlobs(
      classes: 2, samplesPerClass: 50, dimensions: 3, spread: 0.01, seed: 1)
    for i in 2..<data.count {
      let same = zip(data.sample(i), data.sample(i % 2)).map { abs($0 - $1) }.max() ?? 0
      #expect(same < 0.1)
    }
  }

  @Test func patternsAreSmallImagesInTheUnitRange() {
    let data = SyntheticData.patterns(classes: 8, samplesPerClass: 4, seed: 3)
    #expect(data.sampleShape == [8, 8, 1])
    #expect(data.count == 32 && data.classCount == 8)
    #expect(data.classNames.first == "horizontal bar")
    #expect(data.features.allSatisfy { $0 >= 0 && $0 <= 1 })
    #expect(data == SyntheticData.patterns(classes: 8, samplesPerClass: 4, seed: 3))
    #expect(data != SyntheticData.patterns(classes: 8, samplesPerClass: 4, seed: 4))
  }

  @Test func noiselessPatternsOfDifferentClassesDiffer() {
    let data = SyntheticData.patterns(classes: 8, samplesPerClass: 1, noise: 0, seed: 0)
    let images = (0..<8).map { Array(data.sample($0)).map { $0 > 0 } }
    #expect(Set(images).count == 8)
  }
}
