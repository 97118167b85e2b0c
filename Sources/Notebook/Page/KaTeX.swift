import Foundation

/// KaTeX from Debian's `libjs-katex`, read at render time and inlined into pages that have math.
///
/// Nothing of KaTeX is copied into the repository. The stylesheet's fonts become `data:` URIs
/// (the WOFF2 files only, which every current browser reads), so a page with math needs no other
/// file and no network: it works from `file://` and when mailed alone.
public struct KaTeX: Equatable, Sendable {
  /// `katex.min.css` with every font inlined.
  public var stylesheet: String
  /// `katex.min.js`, safe to place inside a `<script>` element.
  public var script: String

  /// Where `libjs-katex` installs KaTeX.
  public static let debianDirectory = "/usr/share/javascript/katex"

  /// Creates KaTeX assets from their text (tests use small stand-ins).
  public init(stylesheet: String, script: String) {
    self.stylesheet = stylesheet
    self.script = Self.safeInScriptElement(script)
  }

  /// KaTeX from `$TICKETBOOK_KATEX_DIR`, else from ``debianDirectory``; `nil` when it is not
  /// installed there. Read once per process.
  public static let installed: KaTeX? = {
    let environment = ProcessInfo.processInfo.environment
    let directory = environment["TICKETBOOK_KATEX_DIR"].flatMap { $0.isEmpty ? nil : $0 }
    return try? load(directory: directory ?? debianDirectory)
  }()

  /// Reads `katex.min.css`, its fonts and `katex.min.js` from `directory` (the layout of
  /// `libjs-katex`: the fonts under `fonts/`).
  ///
  /// - Throws: ``AssetError`` naming the file that is missing.
  public static func load(directory: String) throws(AssetError) -> KaTeX {
    let css = try read(directory + "/katex.min.css")
    let script = try read(directory + "/katex.min.js")
    return KaTeX(
      stylesheet: try inlineFonts(String(decoding: css, as: UTF8.self), directory: directory),
      script: String(decoding: script, as: UTF8.self))
  }

  /// The script that typesets every `.math` element of the page once KaTeX has loaded; a
  /// formula KaTeX cannot read is shown as its TeX source in the error colour, never thrown.
  static let typesetScript = """
    document.querySelectorAll(".math").forEach(function(e){try{katex.render(e.textContent,e,\
    {displayMode:e.classList.contains("display"),throwOnError:false,strict:"ignore",\
    output:"htmlAndMathml"})}catch(x){e.classList.add("math-error");e.title=String(x)}});
    """

  /// Replaces each `@font-face` source list by the WOFF2 file as a `data:` URI (the TrueType
  /// file when there is no WOFF2).
  static func inlineFonts(_ css: String, directory: String) throws(AssetError) -> String {
    var result = ""
    var rest = Substring(css)
    while let source = rest.range(of: "src:") {
      result += rest[..<source.upperBound]
      rest = rest[source.upperBound...]
      let end = rest.firstIndex { $0 == ";" || $0 == "}" } ?? rest.endIndex
      let urls = rest[..<end].split(separator: ",").compactMap { entry -> String? in
        guard let open = entry.range(of: "url("),
          let close = entry[open.upperBound...].firstIndex(of: ")")
        else { return nil }
        return entry[open.upperBound..<close].trimmingCharacters(
          in: CharacterSet(charactersIn: "'\""))
      }
      guard
        let chosen = urls.first(where: { $0.hasSuffix(".woff2") })
          ?? urls.first(where: { $0.hasSuffix(".ttf") })
      else {
        continue
      }
      let font = try read(directory + "/" + chosen)
      let format = chosen.hasSuffix(".woff2") ? "woff2" : "truetype"
      result += "url(data:font/\(format == "woff2" ? "woff2" : "ttf");base64,"
      result += font.base64EncodedString() + ") format('\(format)')"
      rest = rest[end...]
    }
    return result + rest
  }

  /// The script with every `</script` and `<!--` written so that the HTML parser cannot end the
  /// element early (`<\/script` means the same inside JavaScript strings and regular
  /// expressions).
  static func safeInScriptElement(_ script: String) -> String {
    guard script.contains("</") || script.contains("<!--") else { return script }
    return
      script
      .replacingOccurrences(of: "</script", with: "<\\/script", options: .caseInsensitive)
      .replacingOccurrences(of: "<!--", with: "<\\!--")
  }

  static func read(_ path: String) throws(AssetError) -> Data {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw AssetError(path: path)
    }
    return data
  }
}
