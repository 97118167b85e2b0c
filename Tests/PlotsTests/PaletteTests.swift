import Testing

@testable import Plots

@Test func categoricalColoursAreOkabeItoWithoutBlack() {
  #expect(Palette.color(0).hex == "#0072b2")
  #expect(Palette.color(1).hex == "#d55e00")
  #expect(!Palette.categorical.contains(RGB(0x000000)))
  #expect(Palette.color(7) == Palette.color(0))
}

@Test func secondSeriesDiffersFromTheFirstWithoutColour() {
  #expect(Palette.dash(0, dashed: false) == nil)
  #expect(Palette.dash(1, dashed: false) != nil)
  #expect(Palette.dash(0, dashed: true) != nil)
  #expect(Palette.marker(0) != Palette.marker(1))
}

@Test func colourScalesHitTheirAnchorsAtTheEnds() {
  #expect(Palette.color(.sequential, at: 0) == Palette.sequential.first)
  #expect(Palette.color(.sequential, at: 1) == Palette.sequential.last)
  #expect(Palette.color(.diverging, at: 0.5) == RGB(0xF5F5F5))
  #expect(Palette.color(.sequential, at: -3) == Palette.sequential.first)
  #expect(Palette.color(.sequential, at: .nan) == Palette.sequential.first)
}

@Test func sequentialScaleGetsLighterAllTheWay() {
  // Relative luminance in sRGB units is close enough to order the anchors.
  func luminance(_ c: RGB) -> Double {
    0.2126 * Double(c.r) + 0.7152 * Double(c.g) + 0.0722 * Double(c.b)
  }
  let steps = (0...50).map { Palette.color(.sequential, at: Double($0) / 50) }
  for (a, b) in zip(steps, steps.dropFirst()) {
    #expect(luminance(b) >= luminance(a))
  }
}

@Test func divergingScaleIsLightestInTheMiddle() {
  func brightness(_ c: RGB) -> Int { c.r + c.g + c.b }
  let middle = brightness(Palette.color(.diverging, at: 0.5))
  #expect(brightness(Palette.color(.diverging, at: 0.1)) < middle)
  #expect(brightness(Palette.color(.diverging, at: 0.9)) < middle)
}
