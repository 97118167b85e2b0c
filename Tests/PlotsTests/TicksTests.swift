import Testing

@testable import Plots

private func labels(_ ticks: [Tick]) -> [String] {
  ticks.compactMap(\.label)
}

@Test func unitIntervalGetsStepsOfTwoTenths() {
  let ticks = Ticks.linear(lo: 0, hi: 1, count: 5, format: .automatic)
  #expect(labels(ticks) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
}

@Test func narrowAccuracyRangeGetsHundredths() {
  let ticks = Ticks.linear(lo: 0.87, hi: 0.91, count: 5, format: .automatic)
  #expect(labels(ticks) == ["0.87", "0.88", "0.89", "0.90", "0.91"])
  #expect(ticks.map(\.value) == [0.87, 0.88, 0.89, 0.9, 0.91])
}

@Test func largeRangeGetsRoundThousands() {
  let ticks = Ticks.linear(lo: 0, hi: 60_000, count: 4, format: .automatic)
  #expect(labels(ticks) == ["0", "20000", "40000", "60000"])
}

@Test func negativeLabelsUseTheMinusSign() {
  let ticks = Ticks.linear(lo: -0.1, hi: 0.1, count: 2, format: .automatic)
  #expect(labels(ticks) == ["\u{2212}0.1", "0.0", "0.1"])
}

@Test func stepsAreOneTwoOrFiveTimesAPowerOfTen() {
  for span in [0.013, 0.7, 3.0, 17.0, 450.0, 98_000.0] {
    for count in 2...9 {
      let step = Ticks.step(span: span, count: count)
      #expect([1, 2, 5].contains(step.mantissa))
      #expect(span / step.value <= Double(count) + 1e-9)
    }
  }
}

@Test func percentFormatMultipliesByAHundred() {
  let ticks = Ticks.linear(lo: 0.9, hi: 1, count: 5, format: .percent)
  #expect(labels(ticks) == ["90%", "92%", "94%", "96%", "98%", "100%"])
}

@Test func logAxisOverThreeDecadesLabelsTheDecades() {
  let ticks = Ticks.log(lo: 0.1, hi: 100, level: 1, format: .automatic)
  #expect(labels(ticks) == ["0.1", "1", "10", "100"])
  let minor = ticks.filter { $0.label == nil }.map(\.value)
  #expect(minor.count == 3 * 8)
  #expect(minor.contains(0.2) && minor.contains(50))
}

@Test func shortLogAxisAlsoLabelsTwosAndFives() {
  let ticks = Ticks.log(lo: 1, hi: 60, level: 0, format: .automatic)
  #expect(labels(ticks) == ["1", "2", "5", "10", "20", "50"])
}

@Test func reversedLogAxisKeepsLabelsAndPutsTheLargestOnTheLeft() {
  let axis = AxisScale(scale: .log, lo: 0.1, hi: 100, reversed: true, start: 0, end: 300)
  let ticks = Ticks.forAxis(axis, format: .percentPoints, fontSize: 12, horizontal: true)
  #expect(labels(ticks) == ["0.1%", "1%", "10%", "100%"])
  #expect(axis.position(100) == 0)
  #expect(axis.position(0.1) == 300)
}

@Test func crowdedLogAxisThinsDecadeLabels() {
  let axis = AxisScale(scale: .log, lo: 1e-8, hi: 1e8, reversed: false, start: 0, end: 200)
  let ticks = Ticks.forAxis(axis, format: .automatic, fontSize: 12, horizontal: true)
  #expect(labels(ticks).count < 17)
  #expect(!Ticks.overlap(ticks, axis, fontSize: 12, horizontal: true))
}

@Test func logAxisWithinOneDecadeFallsBackToLinearSteps() {
  let axis = AxisScale(scale: .log, lo: 0.87, hi: 0.91, reversed: false, start: 0, end: 400)
  let ticks = Ticks.forAxis(axis, format: .automatic, fontSize: 12, horizontal: true)
  #expect(labels(ticks).count >= 3)
  #expect(labels(ticks).contains("0.89"))
}

@Test func tickLabelsNeverOverlapOnShortAxes() {
  for length in stride(from: 60.0, through: 600, by: 45) {
    let axis = AxisScale(scale: .linear, lo: 0, hi: 60_000, reversed: false, start: 0, end: length)
    let ticks = Ticks.forAxis(axis, format: .automatic, fontSize: 12, horizontal: true)
    #expect(labels(ticks).count >= 1)
    #expect(!Ticks.overlap(ticks, axis, fontSize: 12, horizontal: true))
  }
}

@Test func integerAxesNeverGetFractionalTicks() {
  let axis = AxisScale(scale: .linear, lo: -0.5, hi: 2.5, reversed: false, start: 0, end: 600)
  let ticks = Ticks.forAxis(
    axis, format: .automatic, fontSize: 12, horizontal: true, integers: true)
  #expect(labels(ticks) == ["0", "1", "2"])
}
