extension PlotSpec {
  /// The same plot with every histogram stored as its counted bars: the bin edges the plot
  /// would use, the count in each bin and the range of the values, instead of every value.
  ///
  /// It draws and describes exactly as the original (same edges, same heights, same
  /// description), and its JSON stays small however many values were counted: a page stores
  /// a histogram of 235,200 weights as about 50 numbers.
  public func counted() -> PlotSpec {
    let binned = Chart.count(marks, xScale: x.scale, yScale: y.scale)
    var spec = self
    for (index, mark) in marks.enumerated() {
      guard case .histogram(let h) = mark, h.counts == nil, let bars = binned[index] else {
        continue
      }
      var raw = h
      raw.density = false
      let counts = Chart.bin(raw, edges: bars.edges, scale: x.scale).heights
      var extent = Extent(scale: x.scale)
      extent.include(h.values)
      spec.marks[index] = .histogram(
        Histogram(
          h.name, edges: bars.edges, counts: counts,
          valueRange: extent.isEmpty ? nil : [extent.lo, extent.hi], density: h.density))
    }
    return spec
  }
}
