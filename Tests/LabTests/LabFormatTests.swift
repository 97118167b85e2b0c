import Testing

@testable import Lab

struct LabFormatTests {
  @Test func numbersGetSixSignificantDigits() {
    #expect(LabFormat.describe(Float(0.8813)) == "0.8813")
    #expect(LabFormat.describe(2.0 / 3.0) == "0.666667")
    #expect(LabFormat.describe(1.5e-5) == "1.5e-05")
    #expect(LabFormat.describe([1.0, 2.5]) == "[1, 2.5]")
    #expect(LabFormat.describe(Double.nan) == "nan")
  }

  @Test func stringsAndOtherValuesPrintAsThemselves() {
    #expect(LabFormat.describe("<b>") == "<b>")
    #expect(LabFormat.describe(42) == "42")
    #expect(LabFormat.describe([1, 2]) == "[1, 2]")
  }
}
