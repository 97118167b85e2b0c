import Foundation

/// Prints pages to PDF with headless Chromium (Debian's `chromium`), the browser the project's
/// tests already use (`ticketbook render --pdf`).
///
/// The page's print style decides the rest: A4 with page numbers ("3 / 8") for a lesson,
/// 1280 × 720 pages for a deck, figures and table rows never split, the run log left out.
/// Chromium writes the time and per-run node numbers into a PDF; both are made fixed (the date
/// of the runs, node numbers renumbered in order, every length kept), so printing the same page
/// twice gives the same bytes.
public struct PDFPrinter: Sendable {
  /// The Chromium executable.
  public var chromium: String
  /// Where Chromium keeps its profile while printing.
  public var scratchDirectory: String

  /// Chromium from `$TICKETBOOK_CHROMIUM` (when it names an executable), else `chromium` or
  /// `chromium-browser` on the `PATH`; `nil` when there is none.
  public static func findChromium(_ environment: [String: String]) -> String? {
    if let path = environment["TICKETBOOK_CHROMIUM"], !path.isEmpty {
      return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }
    return Executables.onPath(["chromium", "chromium-browser"], environment: environment)
  }

  /// The message for a missing Chromium.
  public static let missing =
    "error: --pdf needs Chromium: install Debian's chromium (apt-get install -y chromium) or set TICKETBOOK_CHROMIUM"

  /// Creates a printer.
  public init(chromium: String, scratchDirectory: String) {
    self.chromium = chromium
    self.scratchDirectory = scratchDirectory
  }

  /// Prints the HTML file at `source` to `destination` (written atomically, only when its
  /// bytes change); `day` (`2026-12-01`) is the date written into the PDF.
  ///
  /// - Throws: an error naming the page when Chromium fails or writes no PDF.
  public func print(_ source: String, to destination: String, day: String) throws {
    try FileManager.default.createDirectory(
      atPath: scratchDirectory, withIntermediateDirectories: true)
    let scratch = scratchDirectory + "/print-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let temporary = scratch + ".pdf"
    defer {
      try? FileManager.default.removeItem(atPath: temporary)
      try? FileManager.default.removeItem(atPath: scratch)
      try? FileManager.default.removeItem(atPath: scratch + ".log")
    }
    let arguments = [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
      "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
      "--host-resolver-rules=MAP * ~NOTFOUND", "--user-data-dir=\(scratch)",
      "--no-pdf-header-footer", "--print-to-pdf=\(temporary)",
      URL(fileURLWithPath: source).absoluteString,
    ]
    let process = Subprocess(
      executable: chromium, arguments: arguments,
      environment: ProcessInfo.processInfo.environment, outputPath: scratch + ".log",
      errorPath: scratch + ".log", timeout: 300)
    let termination = try process.run()
    guard termination.succeeded, let pdf = FileManager.default.contents(atPath: temporary),
      pdf.starts(with: Data("%PDF".utf8))
    else {
      throw AssetError(path: source, reason: "Chromium could not print it (\(termination))")
    }
    let fixed = Self.reproducible(pdf, day: day)
    guard FileManager.default.contents(atPath: destination) != fixed else { return }
    try AtomicFile.write(fixed, to: destination)
  }

  /// The PDF with its creation and modification times set to `day` and Chromium's structure
  /// node numbers (`(node00000202)`, different in every run) renumbered 1, 2, 3… in their
  /// order; every replacement has the length of what it replaces, so the cross-reference table
  /// stays right.
  static func reproducible(_ pdf: Data, day: String) -> Data {
    var bytes = [UInt8](pdf)
    let digits = day.filter(\.isNumber)
    let stamp = Array((digits.count == 8 ? digits : "20000101").utf8) + Array("000000".utf8)
    // D:YYYYMMDDHHMMSS
    let dateMarker = Array("(D:".utf8)
    var index = 0
    while let found = find(dateMarker, in: bytes, from: index) {
      let start = found + dateMarker.count
      if start + 14 <= bytes.count, bytes[start..<start + 14].allSatisfy({ $0 >= 48 && $0 <= 57 }) {
        bytes.replaceSubrange(start..<start + 14, with: stamp)
      }
      index = start
    }
    let nodeMarker = Array("(node".utf8)
    var positions: [(at: Int, length: Int, value: Int)] = []
    index = 0
    while let found = find(nodeMarker, in: bytes, from: index) {
      let start = found + nodeMarker.count
      var end = start
      while end < bytes.count, bytes[end] >= 48, bytes[end] <= 57 { end += 1 }
      if end > start, end < bytes.count, bytes[end] == UInt8(ascii: ")"),
        let value = Int(String(decoding: bytes[start..<end], as: UTF8.self))
      {
        positions.append((start, end - start, value))
      }
      index = end
    }
    let ranks = Dictionary(
      uniqueKeysWithValues: Set(positions.map(\.value)).sorted().enumerated().map { ($1, $0 + 1) })
    for position in positions {
      var text = String(ranks[position.value] ?? 0)
      guard text.count <= position.length else { continue }
      text = String(repeating: "0", count: position.length - text.count) + text
      bytes.replaceSubrange(position.at..<position.at + position.length, with: Array(text.utf8))
    }
    return Data(bytes)
  }

  /// The first position of `needle` in `bytes` at or after `start`.
  static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
    guard !needle.isEmpty, bytes.count >= needle.count, start <= bytes.count - needle.count else {
      return nil
    }
    var index = start
    let first = needle[0]
    while index <= bytes.count - needle.count {
      if bytes[index] == first && bytes[index..<index + needle.count].elementsEqual(needle) {
        return index
      }
      index += 1
    }
    return nil
  }
}
