import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// KaTeX from Debian's `katex` package: formulas are typeset when the page is rendered, by one
/// Node.js process per render, and pages carry KaTeX's HTML and stylesheet but no script.
///
/// Nothing of KaTeX is copied into the repository. The stylesheet is Debian's `katex.min.css`
/// with only the `@font-face` rules of the fonts a page's formulas use, each reduced to its
/// WOFF2 file (which every current browser reads): linked under `assets/katex/fonts/` in a
/// course site, or as `data:` URIs in a self-contained page.
public struct KaTeX: Equatable, Sendable {
  /// Debian's `katex.min.css`, as installed.
  public var css: String
  /// Where the font files named by ``css`` are (`url(fonts/X.woff2)` is `fontsDirectory/X.woff2`).
  public var fontsDirectory: String
  /// KaTeX's Node.js module (Debian installs it at ``debianDirectory``); `nil` when only the
  /// stylesheet is known (tests), in which case nothing is typeset.
  public var module: String?
  /// The Node.js executable that runs the module.
  public var node: String

  /// Where Debian's `katex` package installs KaTeX's Node.js module and its `dist/` files.
  public static let debianDirectory = "/usr/share/nodejs/katex"

  /// Creates KaTeX from its parts (tests use a small stand-in stylesheet and no module).
  public init(css: String, fontsDirectory: String = "", module: String? = nil, node: String = "") {
    self.css = css
    self.fontsDirectory = fontsDirectory
    self.module = module
    self.node = node
  }

  /// KaTeX from `$TICKETBOOK_KATEX_DIR`, else from ``debianDirectory``; `nil` when it or Node.js
  /// is not installed. Read once per process.
  public static let installed: KaTeX? = {
    let environment = ProcessInfo.processInfo.environment
    let directory = environment["TICKETBOOK_KATEX_DIR"].flatMap { $0.isEmpty ? nil : $0 }
    return try? load(directory: directory ?? debianDirectory, node: findNode(environment))
  }()

  /// The Node.js executable on the `PATH` (`node`, else `nodejs`).
  static func findNode(_ environment: [String: String]) -> String? {
    Executables.onPath(["node", "nodejs"], environment: environment)
  }

  /// Reads KaTeX's stylesheet from `directory/dist/` (the layout of Debian's `katex`), checking
  /// that the module and `node` are there.
  ///
  /// - Throws: ``AssetError`` naming what is missing.
  public static func load(directory: String, node: String?) throws(AssetError) -> KaTeX {
    let css = try read(directory + "/dist/katex.min.css")
    guard FileManager.default.fileExists(atPath: directory + "/dist/katex.js") else {
      throw AssetError(path: directory + "/dist/katex.js")
    }
    guard let node else { throw AssetError(path: "node") }
    return KaTeX(
      css: String(decoding: css, as: UTF8.self), fontsDirectory: directory + "/dist/fonts",
      module: directory, node: node)
  }

  // MARK: Typesetting

  /// The script Node.js runs: reads a JSON array of `{tex, display}` from the file named by its
  /// first argument and prints a JSON array of `{html}` or `{error}`, one per formula, in order.
  static let typesetScript = """
    const katex = require(process.argv[1]);
    const formulas = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8"));
    const results = formulas.map(function (f) {
      try {
        return { html: katex.renderToString(f.tex, { displayMode: f.display,
          throwOnError: true, strict: "ignore", output: "htmlAndMathml" }) };
      } catch (e) {
        return { error: String(e && e.message ? e.message : e) };
      }
    });
    process.stdout.write(JSON.stringify(results));
    """

  /// Typesets `formulas` with one Node.js process, and finds the font files each one uses. A
  /// formula KaTeX rejects comes back with its error; when Node.js cannot be run at all, the
  /// error says why and nothing is typeset.
  public func typeset(_ formulas: Set<Formula>) -> Result<TypesetMath, AssetError> {
    guard !formulas.isEmpty else { return .success(TypesetMath()) }
    guard let module else { return .success(TypesetMath()) }
    let ordered = formulas.sorted { ($0.tex, $0.display ? 1 : 0) < ($1.tex, $1.display ? 1 : 0) }
    struct Input: Encodable {
      var tex: String
      var display: Bool
    }
    struct Output: Decodable {
      var html: String?
      var error: String?
    }
    guard let input = ScratchFile(prefix: "ticketbook-katex-in"),
      let output = ScratchFile(prefix: "ticketbook-katex-out"),
      let log = ScratchFile(prefix: "ticketbook-katex-err")
    else {
      return .failure(
        AssetError(path: NSTemporaryDirectory(), reason: "cannot create a scratch file"))
    }
    defer {
      input.remove()
      output.remove()
      log.remove()
    }
    do {
      let data = try JSONEncoder().encode(ordered.map { Input(tex: $0.tex, display: $0.display) })
      try data.write(to: URL(fileURLWithPath: input.path))
    } catch {
      return .failure(AssetError(path: input.path, reason: "cannot write: \(error)"))
    }
    var environment = ProcessInfo.processInfo.environment
    environment["NODE_PATH"] = "/usr/share/nodejs:/usr/lib/nodejs"
    let process = Subprocess(
      executable: node, arguments: ["-e", Self.typesetScript, module, input.path],
      environment: environment, outputPath: output.path, errorPath: log.path, timeout: 300)
    let termination = (try? process.run()) ?? .exited(127)
    let printed = FileManager.default.contents(atPath: output.path) ?? Data()
    guard termination.succeeded,
      let results = try? JSONDecoder().decode([Output].self, from: printed),
      results.count == ordered.count
    else {
      let error = FileManager.default.contents(atPath: log.path).map {
        String(decoding: $0, as: UTF8.self)
      }
      let reason = error?.split(separator: "\n").first.map(String.init) ?? "\(termination)"
      return .failure(AssetError(path: node, reason: "KaTeX did not run: \(reason)"))
    }
    var math = TypesetMath()
    let fonts = FontUse(self)
    for (formula, result) in zip(ordered, results) {
      if let html = result.html {
        math.html[formula] = html
        math.fonts[formula] = fonts.files(of: html)
      } else {
        math.errors[formula] = result.error ?? "KaTeX gave no output"
      }
    }
    return .success(math)
  }

  // MARK: Stylesheet and fonts

  /// One `@font-face` rule of KaTeX's stylesheet.
  struct FontFace: Equatable {
    /// `KaTeX_Main`.
    var family: String
    /// The WOFF2 file, relative to ``KaTeX/fontsDirectory`` (`KaTeX_Main-Regular.woff2`).
    var file: String
    /// The rule's text.
    var rule: Substring
  }

  /// The `@font-face` rules of ``css``, in order.
  var fontFaces: [FontFace] {
    var faces: [FontFace] = []
    var rest = Substring(css)
    while let start = rest.range(of: "@font-face{") {
      guard let end = rest[start.upperBound...].firstIndex(of: "}") else { break }
      let rule = rest[start.lowerBound...end]
      rest = rest[rest.index(after: end)...]
      guard let family = Self.value(of: "font-family:", in: rule),
        let file = Self.urls(in: rule).first(where: { $0.hasSuffix(".woff2") })
      else { continue }
      faces.append(
        FontFace(
          family: family.trimmingCharacters(in: CharacterSet(charactersIn: "'\" ")),
          file: String(file.split(separator: "/").last ?? Substring(file)), rule: rule))
    }
    return faces
  }

  /// Which font files formulas use, read from the stylesheet once and asked once per formula
  /// (``typeset(_:)`` records the answer in ``TypesetMath/fonts``).
  struct FontUse {
    /// The rules of the stylesheet that give elements a `KaTeX_*` family: the classes each of
    /// their selectors needs, and the families.
    var rules: [(selectors: [Set<String>], families: [String])] = []
    /// The WOFF2 files of each family's `@font-face` rules.
    var files: [String: [String]] = [:]

    init(_ katex: KaTeX) {
      for face in katex.fontFaces { files[face.family, default: []].append(face.file) }
      var rest = Substring(katex.css)
      while let open = rest.firstIndex(of: "{") {
        guard let close = rest[open...].firstIndex(of: "}") else { break }
        let selector = rest[..<open]
        let declarations = rest[rest.index(after: open)..<close]
        rest = rest[rest.index(after: close)...]
        guard !selector.contains("@"), declarations.contains("KaTeX_") else { continue }
        rules.append(
          (
            selector.split(separator: ",").map(KaTeX.selectorClasses),
            KaTeX.katexFamilies(in: declarations)
          ))
      }
    }

    /// The families a formula typeset as `html` by KaTeX uses: KaTeX_Main, and each family a
    /// rule gives to classes that the formula's elements have.
    func families(of html: String) -> Set<String> {
      let classes = KaTeX.classNames(in: html)
      guard classes.contains("katex") else { return [] }
      var families: Set<String> = ["KaTeX_Main"]
      for rule in rules
      where rule.selectors.contains(where: { !$0.isEmpty && $0.isSubset(of: classes) }) {
        families.formUnion(rule.families)
      }
      return families
    }

    /// The font files (WOFF2 names) a formula typeset as `html` by KaTeX uses: every face of
    /// each of its ``families(of:)``.
    func files(of html: String) -> Set<String> {
      Set(families(of: html).flatMap { files[$0] ?? [] })
    }
  }

  /// KaTeX's stylesheet for formulas using the font files `fonts` (WOFF2 names, as
  /// ``TypesetMath/fonts`` gives them): the `@font-face` rules of those files, each with its
  /// WOFF2 file as `fontURL(file)`, and no other `@font-face` rule.
  func stylesheet(fonts: Set<String>, fontURL: (String) throws(AssetError) -> String)
    throws(AssetError) -> String
  {
    var result = ""
    var rest = Substring(css)
    for face in fontFaces {
      guard let range = rest.range(of: face.rule) else { continue }
      result += rest[..<range.lowerBound]
      rest = rest[range.upperBound...]
      guard fonts.contains(face.file) else { continue }
      var rule = String(face.rule)
      if let src = rule.range(of: "src:") {
        let end = rule[src.upperBound...].firstIndex { $0 == ";" || $0 == "}" } ?? rule.endIndex
        rule.replaceSubrange(
          src.upperBound..<end, with: "url(\(try fontURL(face.file))) format(\"woff2\")")
      }
      result += rule
    }
    return result + rest
  }

  /// A font file as a `data:` URI.
  func dataURI(_ file: String) throws(AssetError) -> String {
    "data:font/woff2;base64," + (try Self.read(fontsDirectory + "/" + file)).base64EncodedString()
  }

  /// The value of `property` in a CSS rule, up to `;` or `}`.
  static func value(of property: String, in rule: Substring) -> String? {
    guard let start = rule.range(of: property) else { return nil }
    let end = rule[start.upperBound...].firstIndex { $0 == ";" || $0 == "}" } ?? rule.endIndex
    return String(rule[start.upperBound..<end])
  }

  /// Every `url(...)` in a CSS rule, quotes removed.
  static func urls(in rule: Substring) -> [String] {
    var urls: [String] = []
    var rest = rule
    while let open = rest.range(of: "url(") {
      guard let close = rest[open.upperBound...].firstIndex(of: ")") else { break }
      urls.append(
        rest[open.upperBound..<close].trimmingCharacters(in: CharacterSet(charactersIn: "'\"")))
      rest = rest[close...]
    }
    return urls
  }

  /// The `KaTeX_*` family names in some declarations.
  static func katexFamilies(in declarations: Substring) -> [String] {
    var families: [String] = []
    var rest = declarations
    while let start = rest.range(of: "KaTeX_") {
      let end =
        rest[start.upperBound...].firstIndex { !($0.isLetter || $0.isNumber || $0 == "_") }
        ?? rest.endIndex
      families.append(String(rest[start.lowerBound..<end]))
      rest = rest[end...]
    }
    return families
  }

  /// The class names a selector needs (`.katex .delimsizing.size1` needs `katex`,
  /// `delimsizing`, `size1`).
  static func selectorClasses(_ selector: Substring) -> Set<String> {
    var classes: Set<String> = []
    var rest = selector
    while let dot = rest.firstIndex(of: ".") {
      let start = rest.index(after: dot)
      let end =
        rest[start...].firstIndex { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        ?? rest.endIndex
      if start < end { classes.insert(String(rest[start..<end])) }
      rest = rest[end...]
    }
    return classes
  }

  /// Every class name in the `class="…"` attributes of `html`, KaTeX's HTML of one formula:
  /// KaTeX says which fonts a formula needs only through the classes of its elements and the
  /// rules of its stylesheet (``FontUse``).
  static func classNames(in html: String) -> Set<String> {
    var classes: Set<String> = []
    var rest = Substring(html)
    while let attribute = rest.range(of: "class=\"") {
      guard let close = rest[attribute.upperBound...].firstIndex(of: "\"") else { break }
      for name in rest[attribute.upperBound..<close].split(separator: " ") {
        classes.insert(String(name))
      }
      rest = rest[close...]
    }
    return classes
  }

  static func read(_ path: String) throws(AssetError) -> Data {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw AssetError(path: path)
    }
    return data
  }
}

/// A formula as written in prose: its TeX and whether it is displayed on its own line.
public struct Formula: Hashable, Sendable {
  /// The TeX source.
  public var tex: String
  /// Whether it was written `$$…$$`.
  public var display: Bool

  /// Creates a formula.
  public init(tex: String, display: Bool) {
    self.tex = tex
    self.display = display
  }

  /// The formula of a math span in prose.
  public init(_ span: MathSpan) {
    self.init(tex: span.tex, display: span.display)
  }
}

/// Formulas typeset by KaTeX for one render: their HTML and the fonts each uses, or KaTeX's
/// error.
public struct TypesetMath: Equatable, Sendable {
  /// KaTeX's HTML by formula.
  public var html: [Formula: String] = [:]
  /// The font files (WOFF2 names, such as `KaTeX_AMS-Regular.woff2`) by typeset formula, found
  /// once from that formula's HTML when it is typeset (``KaTeX/typeset(_:)``).
  public var fonts: [Formula: Set<String>] = [:]
  /// KaTeX's error by formula it rejected.
  public var errors: [Formula: String] = [:]

  /// Creates an empty table (nothing typeset: formulas stay TeX source).
  public init() {}

  /// `markup`, prose HTML whose formulas are `spans` (each written by
  /// ``MathExtraction/markup(of:)``), with each of those formulas replaced by
  /// ``markup(of:)``; every formula it held is added to `used`.
  ///
  /// The markup looked for is the whole element written for a known span, in cmark's HTML of
  /// the prose: text cannot produce it (cmark escapes `<` in text and drops raw HTML), and
  /// nothing else of a page (cell output, code, plots) is ever searched.
  func typesetting(_ markup: String, formulas spans: [MathSpan], into used: inout Set<Formula>)
    -> String
  {
    var markup = markup
    var done: Set<String> = []
    for span in spans {
      let written = MathExtraction.markup(of: span)
      guard done.insert(written).inserted, markup.contains(written) else { continue }
      let formula = Formula(span)
      used.insert(formula)
      markup = markup.replacingOccurrences(of: written, with: self.markup(of: formula))
    }
    return markup
  }

  /// A formula on a page: KaTeX's HTML; for a formula KaTeX rejected, its TeX source in the
  /// error colour with KaTeX's message as its title; for a formula not typeset (no KaTeX), its
  /// TeX source.
  func markup(of formula: Formula) -> String {
    let kind = formula.display ? "math display" : "math inline"
    if let html = html[formula] {
      return "<span class=\"\(kind)\">" + html + "</span>"
    } else if let error = errors[formula] {
      return HTML.element(
        "span", ["class": kind + " math-error", "title": error], text: formula.tex
      ).markup
    }
    return HTML.element("span", ["class": kind], text: formula.tex).markup
  }

  /// What a page holding the formulas `used` needs: those KaTeX typeset and their font files.
  func needs(of used: Set<Formula>) -> (typeset: Set<Formula>, fonts: Set<String>) {
    let typeset = used.filter { html[$0] != nil }
    return (typeset, typeset.reduce(into: []) { $0.formUnion(fonts[$1] ?? []) })
  }
}

/// A file under the temporary directory with a unique name, made by `mkstemp` (never an
/// existing file, never through a symbolic link).
struct ScratchFile {
  let path: String

  init?(prefix: String) {
    var template = Array((NSTemporaryDirectory() + "/" + prefix + "-XXXXXX").utf8CString)
    let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard descriptor >= 0 else { return nil }
    close(descriptor)
    path = String(cString: template)
  }

  func remove() {
    unlink(path)
  }
}
