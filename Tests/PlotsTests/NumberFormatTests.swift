import Testing

@testable import Plots

@Test func fixedFormattingHidesFloatNoise() {
  #expect(NumberFormat.fixed(0.1 + 0.2, decimals: 2) == "0.30")
  #expect(NumberFormat.trimmed(0.1 + 0.2, decimals: 6) == "0.3")
  #expect(NumberFormat.fixed(3 * 0.1, decimals: 1) == "0.3")
}

@Test func fixedFormattingPadsSmallNumbersAndKeepsSigns() {
  #expect(NumberFormat.fixed(0.05, decimals: 2) == "0.05")
  #expect(NumberFormat.fixed(-1.5, decimals: 0) == "-2")
  #expect(NumberFormat.fixed(-0.001, decimals: 2) == "0.00")
  #expect(NumberFormat.fixed(60000, decimals: 0) == "60000")
}

@Test func coordinatesHaveAtMostTwoDecimalsTrimmed() {
  #expect(NumberFormat.coordinate(12.3456) == "12.35")
  #expect(NumberFormat.coordinate(12.5) == "12.5")
  #expect(NumberFormat.coordinate(40) == "40")
  #expect(NumberFormat.coordinate(-0.001) == "0")
}

@Test func significantDigitsSwitchToScientificForExtremeMagnitudes() {
  #expect(NumberFormat.significant(0.98123) == "0.981")
  #expect(NumberFormat.significant(98_765) == "98800")
  #expect(NumberFormat.significant(0.000123456) == "0.000123")
  #expect(NumberFormat.significant(1.234e-7) == "1.23e-7")
  #expect(NumberFormat.significant(2.5e9) == "2.5e9")
  #expect(NumberFormat.significant(9.999) == "10")
  #expect(NumberFormat.significant(0) == "0")
}

@Test func scientificNotationUsesSuperscriptPowers() {
  #expect(NumberFormat.scientific(1e-3) == "10⁻³")
  #expect(NumberFormat.scientific(25_000) == "2.5×10⁴")
  #expect(NumberFormat.scientific(-1e6) == "-10⁶")
}
