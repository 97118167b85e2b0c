import Testing

@testable import Plots

@Test func linearScaleMapsDomainOntoPixels() {
  let axis = AxisScale(scale: .linear, lo: 0, hi: 10, reversed: false, start: 100, end: 0)
  #expect(axis.position(0) == 100)
  #expect(axis.position(2.5) == 75)
  #expect(axis.position(.nan) == nil)
}

@Test func logScaleSkipsNonPositiveValues() {
  let axis = AxisScale(scale: .log, lo: 1, hi: 100, reversed: false, start: 0, end: 200)
  #expect(axis.position(10) == 100)
  #expect(axis.position(0) == nil)
  #expect(axis.position(-3) == nil)
}

@Test func domainIsPaddedExceptAtFixedLimitsAndBaselines() {
  var extent = Extent(scale: .linear)
  extent.includeBaseline(0)
  extent.include([3, 10])
  let domain = extent.domain(for: Axis(label: "", max: 12))
  #expect(domain.lo == 0)
  #expect(domain.hi == 12)
  var free = Extent(scale: .linear)
  free.include([0, 10])
  let padded = free.domain(for: "y")
  #expect(padded.lo < 0 && padded.hi > 10)
}

@Test func logDomainIgnoresNonPositiveValues() {
  var extent = Extent(scale: .log)
  extent.include([0, -1, 0.1, 100])
  #expect(extent.lo == 0.1)
  let domain = extent.domain(for: .log("x"))
  #expect(domain.lo < 0.1 && domain.lo > 0)
}

@Test func emptyAndSingleValueExtentsGiveUsableDomains() {
  #expect(Extent(scale: .linear).domain(for: "x") == (0, 1))
  #expect(Extent(scale: .log).domain(for: .log("x")) == (1, 10))
  var single = Extent(scale: .linear)
  single.include(5)
  let domain = single.domain(for: "x")
  #expect(domain.lo < 5 && domain.hi > 5)
}
