import Foundation
import Testing

@testable import Notebook

/// The fixture lesson's page, rendered end to end and loaded in headless Chromium (Debian's
/// `chromium` package) with every network path closed.
///
/// A copy of the page gets a probe: a script at the top of `<head>` records errors (`error`
/// events, including failed resource loads, unhandled rejections, `console.error` and
/// `console.warn`); a script at the end of `<body>` waits for `load` and the fonts, then writes
/// what it measured as JSON into the DOM, which `--dump-dom` prints. The test asserts that KaTeX
/// typeset every formula with its inlined fonts, that every figure's SVG has a non-empty box,
/// that every resource the page loaded was `data:` or `file:`, and that nothing was reported.
/// Screenshots of the real page (laptop and phone widths) are kept under `.build/artifacts/`.
///
/// Skipped, with the command to install it, when Chromium is not installed.
@Suite(.serialized)
struct BrowserTests {
  /// The Chromium executable, found as `render --pdf` finds it.
  static let chromium = PDFPrinter.findChromium(ProcessInfo.processInfo.environment)

  /// The package's root directory (artefacts go to its `.build/artifacts/`).
  static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().path

  /// What the probe measured in the page.
  struct Probe: Decodable {
    struct Plot: Decodable {
      var id: String
      var width: Double
      var height: Double
      var shownWidth: Double
      var shownHeight: Double
    }
    var math: Int
    var typeset: Int
    var katexErrors: Int
    var katexFonts: [String]
    var plots: [Plot]
    var resources: [String]
    var protocolName: String
    var height: Double
    var errors: [String]
    /// The smallest plot text shown, in CSS pixels.
    var smallestPlotText: Double
    /// `<script>` elements of the page (the probe's own two not counted).
    var scripts: Int
    /// The page's computed background and text colours.
    var background: String
    var color: String
  }

  @Test(
    .enabled(
      if: chromium != nil,
      "chromium is not installed; install it with `apt-get install -y chromium` to run the browser test"
    ))
  func fixturePageRendersMathAndPlotsOfflineWithoutErrors() throws {
    let chromium = try #require(Self.chromium)
    let (directory, outcome) = try TestSupport.renderFixture()
    #expect(outcome.succeeded, "\(outcome.messages)")
    let pagePath = directory + "/output/every-feature.html"
    let html = TestSupport.read(pagePath)
    let figures = html.components(separatedBy: "<figure class=\"plot\"").count - 1
    #expect(figures >= 2)
    // Nothing in the page points outside it (the SVG and MathML namespaces are names, not
    // addresses; KaTeX's script holds them too).
    let external = html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "")
      .replacingOccurrences(of: "http://www.w3.org/1998/Math/MathML", with: "")
    #expect(!external.contains("http://") && !external.contains("https://"))

    let probePath = directory + "/output/every-feature.probe.html"
    try Self.withProbe(html).write(toFile: probePath, atomically: true, encoding: .utf8)
    let (dom, log) = try Self.run(
      chromium,
      ["--dump-dom", "--window-size=1280,900", URL(fileURLWithPath: probePath).absoluteString],
      in: directory)
    let probe = try Self.probe(in: dom, log: log)

    #expect(probe.protocolName == "file:")
    #expect(probe.math >= 4, "the fixture has inline and display math")
    #expect(probe.typeset == probe.math, "KaTeX typeset \(probe.typeset) of \(probe.math) formulas")
    #expect(probe.katexErrors == 0)
    #expect(!probe.katexFonts.isEmpty, "KaTeX's inlined fonts loaded")
    // Each figure has two layouts, of which exactly one is shown.
    #expect(probe.plots.count == 2 * figures)
    let shown = probe.plots.filter { $0.shownWidth > 0 }
    #expect(shown.count == figures)
    for plot in shown {
      #expect(plot.width > 0 && plot.height > 0, "\(plot.id) has an empty bounding box")
      #expect(plot.shownHeight > 0, "\(plot.id) is not shown")
    }
    #expect(probe.smallestPlotText >= 10, "plot text at \(probe.smallestPlotText) px")
    #expect(probe.scripts == 0, "a page carries no script")
    for resource in probe.resources {
      #expect(
        resource.hasPrefix("data:") || resource.hasPrefix("file:"),
        "the page requested \(resource)")
    }
    #expect(probe.errors.isEmpty, "errors in the page: \(probe.errors)")
    let uncaught = log.split(separator: "\n").filter {
      $0.contains("CONSOLE") && ($0.contains("Uncaught") || $0.contains("Error"))
    }
    #expect(uncaught.isEmpty, "console: \(uncaught)")

    // Screenshots of the real page: whole page at laptop width, first screen at phone width.
    let artifacts = Self.packageRoot + "/.build/artifacts"
    try FileManager.default.createDirectory(atPath: artifacts, withIntermediateDirectories: true)
    let pageURL = URL(fileURLWithPath: pagePath).absoluteString
    let height = Int(min(max(probe.height, 900), 16_000))
    for (name, size) in [
      ("fixture-page.png", "1280,\(height)"), ("fixture-page-phone.png", "390,844"),
    ] {
      let path = artifacts + "/" + name
      try? FileManager.default.removeItem(atPath: path)
      _ = try Self.run(
        chromium, ["--screenshot=\(path)", "--window-size=\(size)", "--hide-scrollbars", pageURL],
        in: directory)
      #expect(FileManager.default.fileExists(atPath: path), "no screenshot at \(path)")
    }
  }

  @Test(
    .enabled(
      if: chromium != nil && KaTeX.installed != nil,
      "needs chromium and katex: apt-get install -y chromium katex"))
  func probeReportsAnOutsideRequestAnErrorAndBadMath() throws {
    let chromium = try #require(Self.chromium)
    let directory = try TestSupport.temporaryDirectory()
    let lesson = try LessonParser().parse("# Bad\n\nMath $x$ and $\\frac{$.\n", path: "bad.md")
    let katex = try #require(KaTeX.installed)
    var formulas = Set<Formula>()
    for case .prose(let prose) in lesson.blocks {
      formulas.formUnion(prose.math.map(Formula.init))
    }
    var html = HTMLRenderer(math: try katex.typeset(formulas).get()).render(
      LessonPage(lesson: lesson, run: .empty(for: lesson), profile: .quick))
    html = html.replacingOccurrences(
      of: "</main>",
      with:
        "<img src=\"https://example.invalid/a.png\"><script>console.error(\"boom\")</script></main>"
    )
    let path = directory + "/bad.html"
    try Self.withProbe(html).write(toFile: path, atomically: true, encoding: .utf8)
    let (dom, log) = try Self.run(
      chromium, ["--dump-dom", URL(fileURLWithPath: path).absoluteString], in: directory)
    let probe = try Self.probe(in: dom, log: log)
    #expect(probe.math == 2 && probe.katexErrors == 1)
    #expect(probe.resources.contains("https://example.invalid/a.png"))
    #expect(probe.errors.contains("console.error: boom"))
    #expect(probe.errors.contains { $0.contains("example.invalid") })
  }

  /// The published course (`output/`, committed): every lesson page on a 360 and a 390 px phone
  /// and at 1280 px shows one layout of each figure with plot text of 10 CSS px or more and no
  /// script; in dark mode the page and its plots are light on dark; printed, lesson 2 fits on
  /// 8 A4 pages. Screenshots of lesson 2 go to `.build/artifacts/`.
  @Test(
    .enabled(
      if: chromium != nil,
      "chromium is not installed; install it with `apt-get install -y chromium` to run the browser test"
    ))
  func publishedPagesReadOnAPhoneInDarkModeAndInPrint() throws {
    let chromium = try #require(Self.chromium)
    let output = Self.packageRoot + "/output"
    let pages = try FileManager.default.contentsOfDirectory(atPath: output)
      .filter { $0.hasSuffix(".html") && $0.first?.isNumber == true }.sorted()
    #expect(pages.count >= 6, "the published lessons in \(output)")
    let directory = try TestSupport.temporaryDirectory()
    for page in pages {
      let html = TestSupport.read(output + "/" + page)
      // The probe copy sits beside the page, so its relative links to assets/ resolve.
      let probePath = output + "/.probe-\(UUID().uuidString)-" + page
      try Self.withProbe(html).write(toFile: probePath, atomically: true, encoding: .utf8)
      defer { try? FileManager.default.removeItem(atPath: probePath) }
      let figures = html.components(separatedBy: "<figure class=\"plot\"").count - 1
      for width in [360, 390, 1280] {
        let (dom, log) = try Self.run(
          chromium,
          ["--dump-dom", "--window-size=\(width),900", URL(fileURLWithPath: probePath).absoluteString],
          in: directory)
        let probe = try Self.probe(in: dom, log: log)
        #expect(probe.plots.filter { $0.shownWidth > 0 }.count == figures, "\(page) at \(width) px")
        #expect(
          probe.smallestPlotText >= 10,
          "\(page) at \(width) px: plot text at \(probe.smallestPlotText) px")
        #expect(probe.scripts == 0, "\(page) carries a script")
        #expect(probe.typeset == probe.math, "\(page): formulas not typeset")
        #expect(probe.errors.isEmpty, "\(page) at \(width) px: \(probe.errors)")
      }
      let (dark, darkLog) = try Self.run(
        chromium,
        ["--dump-dom", "--force-dark-mode", "--window-size=1280,900", URL(fileURLWithPath: probePath).absoluteString],
        in: directory)
      let night = try Self.probe(in: dark, log: darkLog)
      #expect(night.background == "rgb(20, 23, 26)", "\(page) in dark mode: \(night.background)")
      #expect(night.color == "rgb(227, 230, 233)", "\(page) in dark mode: \(night.color)")
    }
    // Printed: lesson 2 on at most 8 pages.
    let lesson2 = output + "/02-lottery-ticket.html"
    let pdf = directory + "/lesson2.pdf"
    _ = try Self.run(
      chromium,
      ["--print-to-pdf=\(pdf)", "--no-pdf-header-footer", URL(fileURLWithPath: lesson2).absoluteString],
      in: directory)
    let bytes = try Data(contentsOf: URL(fileURLWithPath: pdf))
    let pageCount = Self.pdfPageCount(bytes)
    #expect(pageCount >= 1 && pageCount <= 8, "lesson 2 prints on \(pageCount) pages")
    // Screenshots of lesson 2, at a figure, at laptop and phone width.
    let artifacts = Self.packageRoot + "/.build/artifacts"
    try FileManager.default.createDirectory(atPath: artifacts, withIntermediateDirectories: true)
    let url = URL(fileURLWithPath: lesson2).absoluteString
    for (name, size) in [("lesson2-1280.png", "1280,1000"), ("lesson2-390.png", "390,844")] {
      _ = try Self.run(
        chromium, ["--screenshot=\(artifacts)/\(name)", "--window-size=\(size)", "--hide-scrollbars", url],
        in: directory)
    }
  }

  /// A lesson's slide deck in the browser: the keys and buttons move through it, the counter
  /// and the address follow, and printed it gives one page per slide; the lesson page prints
  /// with page numbers.
  @Test(
    .enabled(
      if: chromium != nil,
      "chromium is not installed; install it with `apt-get install -y chromium` to run the browser test"
    ))
  func aDeckNavigatesByKeysAndButtonsAndPrintsOneSlidePerPage() throws {
    let chromium = try #require(Self.chromium)
    let directory = try TestSupport.temporaryDirectory()
    let lesson = try LessonParser().parse(SlideDeckTests.lesson, path: "lessons/02-tickets.md")
    let page = LessonPage(lesson: lesson, run: .empty(for: lesson), profile: .quick)
    let deck = PageFixtures.renderer.renderSlides(page)
    let path = directory + "/deck.html"
    // The probe presses keys and a button, then reports what is shown.
    let drive = """
      <script>window.addEventListener("load",function(){var seen=[];function state(){\
      var shown=[].slice.call(document.querySelectorAll(".slide")).filter(function(s){\
      return !s.hidden});seen.push({shown:shown.map(function(s){return s.id}).join(","),\
      counter:document.querySelector(".counter").textContent,hash:location.hash})}\
      function key(k){document.dispatchEvent(new KeyboardEvent("keydown",{key:k,bubbles:true}))}\
      state();key("ArrowRight");state();key("ArrowRight");key(" ");state();key("ArrowRight");\
      state();key("ArrowLeft");state();key("Home");state();\
      document.querySelector("button[data-go='1']").click();state();key("End");state();\
      var pre=document.createElement("pre");pre.id="deck-probe";\
      pre.textContent=JSON.stringify(seen);document.body.appendChild(pre)});</script>
      """
    try deck.replacingOccurrences(of: "</body>", with: drive + "</body>")
      .write(toFile: path, atomically: true, encoding: .utf8)
    let (dom, _) = try Self.run(
      chromium, ["--dump-dom", URL(fileURLWithPath: path).absoluteString], in: directory)
    struct State: Decodable, Equatable {
      var shown: String
      var counter: String
      var hash: String
    }
    let json = try #require(
      dom.components(separatedBy: "<pre id=\"deck-probe\">").dropFirst().first?
        .components(separatedBy: "</pre>").first)
    let states = try JSONDecoder().decode(
      [State].self,
      from: Data(
        json.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(
          of: "&amp;", with: "&"
        ).utf8))
    #expect(
      states.map(\.shown) == [
        "slide-1", "slide-2", "slide-4", "slide-4", "slide-3", "slide-1", "slide-2", "slide-4",
      ])
    #expect(states.map(\.counter) == ["1 / 4", "2 / 4", "4 / 4", "4 / 4", "3 / 4", "1 / 4", "2 / 4", "4 / 4"])
    #expect(states.last?.hash == "#4")
    // Printed: one page per slide.
    try deck.write(toFile: path, atomically: true, encoding: .utf8)
    let printer = PDFPrinter(chromium: chromium, scratchDirectory: directory + "/print")
    try printer.print(path, to: directory + "/deck.pdf", day: "2026-12-01")
    let pdf = try Data(contentsOf: URL(fileURLWithPath: directory + "/deck.pdf"))
    #expect(Self.pdfPageCount(pdf) == 4)
    // Printing again gives the same bytes.
    try printer.print(path, to: directory + "/again.pdf", day: "2026-12-01")
    #expect(try Data(contentsOf: URL(fileURLWithPath: directory + "/again.pdf")) == pdf)
  }

  /// The number of pages of a PDF: its `/Type /Page` objects (not `/Pages`).
  static func pdfPageCount(_ data: Data) -> Int {
    let text = String(decoding: data, as: UTF8.self)
    let pattern = try! NSRegularExpression(pattern: "/Type\\s*/Page(?![s])")
    return pattern.numberOfMatches(in: text, range: NSRange(text.startIndex..., in: text))
  }

  /// The page with the probe's two scripts added.
  static func withProbe(_ html: String) -> String {
    let hooks = """
      <script id="probe-hooks">window.__probe={errors:[]};\
      window.addEventListener("error",function(e){__probe.errors.push("error: "+(e.message||\
      (e.target&&(e.target.src||e.target.href))||e.type))},true);\
      window.addEventListener("unhandledrejection",function(e){__probe.errors.push(\
      "unhandled rejection: "+e.reason)});["error","warn"].forEach(function(level){\
      var original=console[level];console[level]=function(){__probe.errors.push("console."+level+\
      ": "+Array.prototype.join.call(arguments," "));original.apply(console,arguments)}});</script>
      """
    let measure = """
      <script id="probe-measure">window.addEventListener("load",function(){\
      document.fonts.ready.then(function(){var all=function(s){return [].slice.call(\
      document.querySelectorAll(s))};var math=all(".math");var result={math:math.length,\
      typeset:math.filter(function(e){return e.querySelector(".katex")!==null}).length,\
      katexErrors:all(".katex-error,.math-error").length,\
      katexFonts:Array.from(document.fonts).filter(function(f){return f.family.indexOf(\
      "KaTeX")>=0&&f.status==="loaded"}).map(function(f){return f.family}),\
      plots:all("figure.plot svg").map(function(s){var b=s.getBBox(),r=s.getBoundingClientRect();\
      return {id:s.id,width:b.width,height:b.height,shownWidth:r.width,shownHeight:r.height}}),\
      resources:performance.getEntriesByType("resource").map(function(e){return e.name}),\
      protocolName:location.protocol,height:document.documentElement.scrollHeight,\
      errors:__probe.errors,smallestPlotText:all("figure.plot svg").reduce(function(m,s){\
      var r=s.getBoundingClientRect();if(r.width===0)return m;\
      var k=r.width/s.viewBox.baseVal.width;return [].slice.call(s.querySelectorAll("text"))\
      .reduce(function(n,t){return Math.min(n,parseFloat(getComputedStyle(t).fontSize)*k)},m)},\
      1000),scripts:all("script").length-2,\
      background:getComputedStyle(document.body).backgroundColor,\
      color:getComputedStyle(document.body).color};var pre=document.createElement("pre");pre.id="probe-result";\
      pre.textContent=JSON.stringify(result);document.body.appendChild(pre)})});</script>
      """
    return
      html
      .replacingOccurrences(of: "<head>", with: "<head>" + hooks)
      .replacingOccurrences(of: "</body>", with: measure + "</body>")
  }

  /// Runs Chromium headless with no way out: every host name fails to resolve, and a proxy on
  /// a closed local port takes whatever would still go out. Returns standard output and error.
  static func run(_ chromium: String, _ arguments: [String], in directory: String) throws
    -> (output: String, log: String)
  {
    let outputPath = directory + "/chromium-\(UUID().uuidString).out"
    let logPath = outputPath + ".log"
    let common = [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
      "--no-default-browser-check", "--disable-extensions", "--disable-sync",
      "--disable-background-networking", "--disable-component-update",
      "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=http://127.0.0.1:9",
      "--user-data-dir=\(directory)/chromium-profile", "--virtual-time-budget=15000",
      "--enable-logging=stderr", "--v=0",
    ]
    let process = Subprocess(
      executable: chromium, arguments: common + arguments,
      environment: ProcessInfo.processInfo.environment, outputPath: outputPath,
      errorPath: logPath, timeout: 120)
    // Headless Chromium now and then crashes on a loaded 2-core machine (seen: SIGSEGV while
    // a render ran beside the tests); a crash, not a page's fault, is tried again, twice at most.
    var status = try process.run()
    for _ in 0..<2 {
      guard case .signaled = status else { break }
      status = try process.run()
    }
    let output = TestSupport.read(outputPath)
    let log = TestSupport.read(logPath)
    #expect(status == .exited(0), "chromium ended with \(status): \(log.suffix(2000))")
    return (output, log)
  }

  /// The probe's JSON from the dumped DOM.
  static func probe(in dom: String, log: String) throws -> Probe {
    guard let start = dom.range(of: "<pre id=\"probe-result\">"),
      let end = dom[start.upperBound...].range(of: "</pre>")
    else {
      Issue.record("the probe wrote no result; chromium said: \(log.suffix(3000))")
      throw CancellationError()
    }
    let json = String(dom[start.upperBound..<end.lowerBound])
      .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
      .replacingOccurrences(of: "&amp;", with: "&")
    return try JSONDecoder().decode(Probe.self, from: Data(json.utf8))
  }
}
