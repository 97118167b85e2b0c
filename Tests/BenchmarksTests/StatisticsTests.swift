import Testing

@testable import Benchmarks

@Suite struct StatisticsTests {
  @Test func medianAveragesTheMiddleValuesOfAnEvenCount() {
    #expect(BenchStatistics.median([3, 1, 2]) == 2)
    #expect(BenchStatistics.median([4, 1, 3, 2]) == 2.5)
    #expect(BenchStatistics.median([]).isNaN)
  }

  @Test func upperMedianTakesTheLargerMiddleValue() {
    #expect(BenchStatistics.upperMedian([3, 1, 2]) == 2)
    #expect(BenchStatistics.upperMedian([2.0, 1.0]) == 2)
  }

  @Test func interleavedRunsEachMeasurementOncePerRepetitionInTurn() {
    var order: [Int] = []
    let results = BenchStatistics.interleaved(
      repetitions: 3,
      [
        {
          order.append(0)
          return Double(order.count)
        },
        {
          order.append(1)
          return Double(order.count)
        },
      ])
    #expect(order == [0, 1, 0, 1, 0, 1])
    #expect(results == [[1, 3, 5], [2, 4, 6]])
  }
}
