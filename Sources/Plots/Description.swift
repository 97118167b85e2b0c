extension PlotSpec {
  /// A description of the figure generated from the spec: kind, axes, ranges and series.
  ///
  /// It goes into the SVG's `<desc>` unless the author gave `alt`, so every figure can be
  /// read by a screen reader or searched as text.
  public var generatedDescription: String {
    Chart(self).description
  }
}

extension Chart {
  /// The figure's kind in words ("Line chart").
  var kindName: String {
    switch kind {
    case .empty: return "Empty chart"
    case .line: return "Line chart"
    case .scatter: return "Scatter plot"
    case .histogram: return histograms.count > 1 ? "Overlaid histograms" : "Histogram"
    case .heatmap: return "Heatmap"
    case .bar: return "Bar chart"
    case .groupedBar: return "Grouped bar chart"
    case .whiskers: return "Point-and-whisker chart"
    case .mixed: return "Chart"
    }
  }

  /// The text of the SVG's `<title>`: the spec's title, or the kind and axis names.
  var titleText: String {
    if let title = spec.title, !title.isEmpty { return title }
    switch (spec.x.label.isEmpty, spec.y.label.isEmpty) {
    case (false, false): return "\(kindName) of \(spec.y.label) against \(spec.x.label)"
    case (true, false): return "\(kindName) of \(spec.y.label)"
    case (false, true): return "\(kindName) over \(spec.x.label)"
    case (true, true): return kindName
    }
  }

  /// The generated description: what a sighted reader takes from the figure, in sentences.
  var description: String {
    var parts: [String] = []
    if let title = spec.title, !title.isEmpty {
      parts.append("\(kindName) titled “\(title)”.")
    } else {
      parts.append("\(kindName).")
    }
    guard hasData else {
      parts.append(axisSentence("Horizontal", spec.x, extent: nil))
      parts.append(axisSentence("Vertical", spec.y, extent: nil))
      parts.append("No data.")
      return parts.joined(separator: " ")
    }
    if let heatmap {
      parts.append(heatmapSentence(heatmap))
    } else {
      let xRange = categories == nil ? xExtent : nil
      parts.append(axisSentence("Horizontal", spec.x, extent: xRange))
      parts.append(axisSentence("Vertical", spec.y, extent: yExtent))
      parts.append(contentsOf: markSentences())
    }
    parts.append(contentsOf: spec.annotations.map(annotationSentence))
    return parts.joined(separator: " ")
  }

  private func axisSentence(_ side: String, _ axis: Axis, extent: Extent?) -> String {
    var words = ["\(side) axis:", axis.label.isEmpty ? "unlabelled" : "“\(axis.label)”"]
    var traits: [String] = []
    if axis.scale == .log && !(heatmap != nil || categories != nil) { traits.append("log scale") }
    if axis.reversed { traits.append("reversed") }
    if let extent, !extent.isEmpty {
      // Fixed limits cut the range to what the axis shows.
      let lo = Swift.min(Swift.max(extent.lo, axis.min ?? -.infinity), axis.max ?? .infinity)
      let hi = Swift.max(Swift.min(extent.hi, axis.max ?? .infinity), axis.min ?? -.infinity)
      let (a, b) = axis.reversed ? (hi, lo) : (lo, hi)
      traits.append("from \(number(a, axis.format)) to \(number(b, axis.format))")
    }
    if !traits.isEmpty { words[words.count - 1] += "," }
    return (words + [traits.joined(separator: ", ")]).joined(separator: " ")
      .trimmingSuffix(" ") + "."
  }

  private func markSentences() -> [String] {
    var sentences: [String] = []
    var named: [String] = []
    for (index, mark) in spec.marks.enumerated() {
      switch mark {
      case .line(let s), .scatter(let s):
        var x = Extent(scale: xScale)
        var y = Extent(scale: yScale)
        var points = 0
        for (px, py) in zip(s.x, s.y) where x.isDrawable(px) && y.isDrawable(py) {
          x.include(px)
          y.include(py)
          points += 1
        }
        let name = s.name.isEmpty ? "Series \(index + 1)" : "“\(s.name)”"
        guard !x.isEmpty else {
          named.append("\(name) has no drawable points")
          continue
        }
        var text =
          "\(name): \(points) points, y from \(range(y, spec.y.format, reversed: false))"
          + " over x from \(range(x, spec.x.format, reversed: spec.x.reversed))"
        if let lower = s.lower, let upper = s.upper {
          var band = Extent(scale: yScale)
          band.include(lower)
          band.include(upper)
          if !band.isEmpty {
            text += ", band from \(range(band, spec.y.format, reversed: false))"
          }
        }
        named.append(text)
      case .histogram(let h):
        guard let binned = histograms[index] else { continue }
        let name = h.name.isEmpty ? "Values" : "“\(h.name)”"
        guard binned.counted > 0,
          let peak = binned.heights.indices.max(by: {
            binned.heights[$0] < binned.heights[$1]
          })
        else {
          named.append("\(name): no drawable values")
          continue
        }
        var values = Extent(scale: xScale)
        values.include(h.counts != nil ? h.valueRange ?? [] : h.values)
        let centre = (binned.edges[peak] + binned.edges[peak + 1]) / 2
        named.append(
          "\(name): \(binned.counted) values from \(range(values, spec.x.format, reversed: false)),"
            + " \(binned.heights.count) bins, tallest bin \(NumberFormat.significant(binned.heights[peak]))"
            + " at \(number(centre, spec.x.format))")
      case .bar(let b):
        let shown = b.categories.prefix(12)
        for group in b.groups {
          let values = zip(shown, group.values).map { category, value in
            "\(category) " + (value.isFinite ? number(value, spec.y.format) : "missing")
          }
          let name = group.name.isEmpty ? "Values" : "“\(group.name)”"
          named.append("\(name): " + values.joined(separator: ", "))
        }
        if b.categories.count > shown.count {
          named.append("and \(b.categories.count - shown.count) more categories")
        }
      case .whiskers(let w):
        let shown = w.categories.prefix(12)
        for group in w.groups {
          let values = shown.indices.map { c in
            "\(shown[c]) " + whiskerText(group, category: c)
          }
          let name = group.name.isEmpty ? "Values" : "“\(group.name)”"
          named.append("\(name): " + values.joined(separator: ", "))
        }
        if w.categories.count > shown.count {
          named.append("and \(w.categories.count - shown.count) more categories")
        }
      case .heatmap: break
      }
    }
    let limit = 10
    for text in named.prefix(limit) { sentences.append(text + ".") }
    if named.count > limit { sentences.append("And \(named.count - limit) more.") }
    return sentences
  }

  /// One category of a whisker group in words: "mean 0.97 (range 0.96 to 0.98)".
  private func whiskerText(_ group: Whiskers, category c: Int) -> String {
    func value(_ values: [Double]) -> Double? {
      c < values.count && values[c].isFinite ? values[c] : nil
    }
    let format = spec.y.format
    var text = value(group.mean).map { "mean \(number($0, format))" }
    if let lower = value(group.lower), let upper = value(group.upper) {
      let range = "range \(number(lower, format)) to \(number(upper, format))"
      text = text.map { "\($0) (\(range))" } ?? range
    }
    return text ?? "missing"
  }

  private func heatmapSentence(_ h: Heatmap) -> String {
    let (lo, hi) = Layout.colorRange(h)
    var values = Extent(scale: .linear)
    values.include(h.values)
    let scale = h.colorScale == .sequential ? "sequential" : "diverging"
    var text = "\(h.rows) rows × \(h.cols) columns"
    if !spec.y.label.isEmpty || !spec.x.label.isEmpty {
      text += " (rows: \(spec.y.label.isEmpty ? "unlabelled" : "“\(spec.y.label)”"),"
      text += " columns: \(spec.x.label.isEmpty ? "unlabelled" : "“\(spec.x.label)”"))"
    }
    text += ", \(scale) colour scale"
    if let label = h.label, !label.isEmpty { text += " for “\(label)”" }
    text += " from \(NumberFormat.significant(lo)) to \(NumberFormat.significant(hi))."
    if !values.isEmpty {
      let finite = h.values.filter(\.isFinite)
      let mean = finite.reduce(0, +) / Double(finite.count)
      text += " Values from \(range(values, .automatic, reversed: false)),"
      text += " mean \(NumberFormat.significant(mean))."
    }
    return text
  }

  private func annotationSentence(_ a: Annotation) -> String {
    switch a {
    case .horizontalLine(let y, let label):
      return "Reference line\(label.map { " “\($0)”" } ?? "") at y = \(number(y, spec.y.format))."
    case .verticalLine(let x, let label):
      return "Vertical reference line\(label.map { " “\($0)”" } ?? "")"
        + " at x = \(number(x, spec.x.format))."
    case .point(let x, let y, let label):
      return "Point “\(label)” at x = \(number(x, spec.x.format)),"
        + " y = \(number(y, spec.y.format))."
    }
  }

  private func range(_ extent: Extent, _ format: TickFormat, reversed: Bool) -> String {
    let (a, b) = reversed ? (extent.hi, extent.lo) : (extent.lo, extent.hi)
    return "\(number(a, format)) to \(number(b, format))"
  }

  private func number(_ value: Double, _ format: TickFormat) -> String {
    switch format {
    case .percent: return NumberFormat.significant(value * 100) + "%"
    case .percentPoints: return NumberFormat.significant(value) + "%"
    case .scientific: return NumberFormat.scientific(value)
    case .automatic, .plain: return NumberFormat.significant(value)
    }
  }
}

extension String {
  /// The string without trailing copies of `suffix`.
  func trimmingSuffix(_ suffix: String) -> String {
    var text = self
    while !suffix.isEmpty && text.hasSuffix(suffix) { text.removeLast(suffix.count) }
    return text
  }
}
