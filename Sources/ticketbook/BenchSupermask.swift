import ArgumentParser
import Benchmarks
import Foundation

/// `ticketbook bench supermask`: the cost of an edge-popup training step against a dense step of
/// the same MLP, and edge-popup's Fashion-MNIST accuracy per weight initialisation and width.
struct BenchSupermask: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "supermask",
    abstract: "Time edge-popup steps against dense steps; measure edge-popup accuracy.",
    discussion: """
      The step timing alternates blocks of edge-popup and dense steps on one random batch and
      prints the median per-step CPU time of each, measured on the calling thread with one
      OpenBLAS thread (target: edge-popup ≤ 2× dense). With --epochs > 0
      it then runs edge-popup and the random-subnetwork control on Fashion-MNIST for each
      initialisation and width. Record the numbers in docs/supermask.md.
      """)

  @Option(
    name: .customLong("widths"),
    help: "An MLP's widths, input first, such as 784-300-100-10 (repeat for several).")
  var widthSpecs: [String] = ["784-300-100-10"]

  @Option(help: "Fraction of each layer's weights kept (the paper's k), 0–1.")
  var kept: Double = 0.5

  @Option(help: "Samples per step.")
  var batch: Int = 128

  @Option(help: "Steps per timed block.")
  var steps: Int = 50

  @Option(help: "Timed blocks of each kind (the median is reported).")
  var rounds: Int = 9

  @Option(help: "Epochs of edge-popup on Fashion-MNIST per run (0: timing only).")
  var epochs: Int = 0

  @Option(help: "Weight initialisations: sc (signed Kaiming constant), kn (Kaiming normal), ku.")
  var inits: [String] = ["sc", "kn"]

  @Option(help: "Seeds of the weights and initial scores (repeat for several runs).")
  var seeds: [UInt64] = [0]

  @Flag(help: "Scale the frozen weights by 1/√k.")
  var scaleByKept = false

  @Option(help: "Fashion-MNIST directory (default: $TICKETBOOK_FASHION_MNIST or Debian's).")
  var data: String?

  @Flag(help: "Print one JSON object per line instead of text.")
  var json = false

  private var widths: [[Int]] {
    widthSpecs.map { $0.split(separator: "-").compactMap { Int($0) } }
  }

  func validate() throws {
    guard
      zip(widths, widthSpecs).allSatisfy({
        $0.count >= 2 && $0.count == $1.split(separator: "-").count
      })
    else { throw ValidationError("--widths takes numbers joined by '-', such as 784-300-100-10") }
    guard (0...1).contains(kept) else { throw ValidationError("--kept must be in [0, 1]") }
    guard batch > 0, steps > 0, rounds > 0, epochs >= 0 else {
      throw ValidationError("--batch, --steps and --rounds must be positive")
    }
    guard inits.allSatisfy(SupermaskBenchmark.initializerNames.contains) else {
      throw ValidationError("--inits takes sc, kn or ku")
    }
  }

  func run() throws {
    BLASEnvironment.requireSingleThreaded()
    let bench = SupermaskBenchmark(
      widths: widths, kept: kept, batch: batch, steps: steps, rounds: rounds, epochs: epochs,
      inits: inits, seeds: seeds, scaleByKept: scaleByKept, dataDirectory: data)
    try bench.run { print(try! Self.line($0, json: json)) }
  }

  /// One report as a JSON object, or as `key=value` pairs in key order (numbers with 6
  /// significant digits).
  static func line(_ report: SupermaskBenchmark.Report, json: Bool) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    let data = try encoder.encode(report)
    if json { return String(decoding: data, as: UTF8.self) }
    let fields = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    return fields.keys.sorted().map { "\($0)=" + text(fields[$0]!) }.joined(separator: " ")
  }

  private static func text(_ value: Any) -> String {
    switch value {
    case let array as [Any]: "[" + array.map(text).joined(separator: ", ") + "]"
    case let string as String: string
    case let number as NSNumber:
      switch String(cString: number.objCType) {
      case "c", "B": number.boolValue ? "true" : "false"
      case "d", "f": String(format: "%.6g", number.doubleValue)
      default: number.stringValue
      }
    default: "\(value)"
    }
  }
}
