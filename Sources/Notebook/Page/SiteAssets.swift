import Foundation

/// The files a course site's pages share, under `assets/` in the output directory: Ticketbook's
/// stylesheet, and KaTeX's stylesheet with only the fonts the pages' formulas use.
enum SiteAssets {
  /// The directory, relative to the output directory.
  static let directory = "assets"
  /// Ticketbook's stylesheet, as pages link it.
  static let stylesheet = directory + "/ticketbook.css"
  /// KaTeX's stylesheet, as pages link it.
  static let katexStylesheet = directory + "/katex/katex.css"
  /// KaTeX's fonts, relative to the output directory.
  static let fonts = directory + "/katex/fonts"

  /// Writes the assets the rendered `pages` need (as each reports them) into `outputDirectory`,
  /// each file only when its bytes change, and removes font files no page uses any more.
  static func write(
    pages: [RenderedPage], katex: KaTeX?, to outputDirectory: String,
    write: (Data, String) throws -> Void
  ) throws {
    try write(Data(Stylesheet.css.utf8), outputDirectory + "/" + stylesheet)
    let fontDirectory = outputDirectory + "/" + fonts
    var kept: Set<String> = []
    if let katex, pages.contains(where: \.hasTypesetMath) {
      let used = pages.reduce(into: Set<String>()) { $0.formUnion($1.fonts) }
      let css = try katex.stylesheet(fonts: used) { file in "fonts/" + file }
      try write(Data(css.utf8), outputDirectory + "/" + katexStylesheet)
      for file in used.sorted() {
        try write(try KaTeX.read(katex.fontsDirectory + "/" + file), fontDirectory + "/" + file)
        kept.insert(file)
      }
    }
    let present = (try? FileManager.default.contentsOfDirectory(atPath: fontDirectory)) ?? []
    for file in present where !kept.contains(file) {
      try? FileManager.default.removeItem(atPath: fontDirectory + "/" + file)
    }
  }
}
