import Testing

@testable import Plots

@Test func polylinesStartEachPieceWithAMove() {
  var d = PathData()
  d.polylines([[Point(x: 0, y: 0), Point(x: 1.006, y: 2)], [Point(x: 3, y: 4)]], closed: false)
  #expect(d.text == "M0 0L1.01 2M3 4")
}

@Test func closedPiecesEndWithZ() {
  var d = PathData()
  d.polylines([[Point(x: 0, y: 0), Point(x: 1, y: 0), Point(x: 1, y: 1)]], closed: true)
  #expect(d.text == "M0 0L1 0L1 1Z")
}

@Test func circleIsTwoArcs() {
  var d = PathData()
  d.circle(10, 20, radius: 3)
  #expect(d.text == "M7 20a3 3 0 1 0 6 0a3 3 0 1 0 -6 0Z")
}

@Test func everyMarkerShapeIsOneClosedSubpath() {
  for marker in Palette.Marker.allCases {
    var d = PathData()
    d.markers([Point(x: 5, y: 5), Point(x: 9, y: 9)], marker, size: 3)
    #expect(d.text.filter { $0 == "M" }.count == 2)
    #expect(d.text.filter { $0 == "Z" }.count == 2)
  }
}

@Test func negativeAndLargeCoordinatesKeepTheirDigits() {
  var d = PathData()
  d.move(-0.25, 123_456.789)
  d.horizontal(by: -10)
  #expect(d.text == "M-0.25 123456.79h-10")
}
