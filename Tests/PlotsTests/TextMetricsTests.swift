import Testing

@testable import Plots

@Test func widthGrowsWithTextAndFontSize() {
  #expect(TextMetrics.width("", fontSize: 12) == 0)
  #expect(TextMetrics.width("100%", fontSize: 12) > TextMetrics.width("10", fontSize: 12))
  #expect(TextMetrics.width("abc", fontSize: 24) == 2 * TextMetrics.width("abc", fontSize: 12))
}

@Test func narrowCharactersTakeLessRoomThanWideOnes() {
  #expect(TextMetrics.width("iiii", fontSize: 12) < TextMetrics.width("MMMM", fontSize: 12))
}
