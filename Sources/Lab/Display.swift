import Foundation
import LabRecords

/// Shows a value under the cell, formatted by ``LabFormat``; `label` names it.
///
///     show(model.parameterCount, label: "parameters")
public func show(_ value: Any, label: String? = nil) {
  _lab.write(.shown(cell: _lab.cell, label: label, text: LabFormat.describe(value)))
}

/// Shows a table of strings under the cell; numeric columns are right-aligned on the page.
///
///     table([["dense", "88.1"], ["pruned", "88.4"]], columns: ["network", "accuracy %"])
public func table(_ rows: [[String]], columns: [String], caption: String? = nil) {
  _lab.write(
    .table(cell: _lab.cell, table: TableRecord(columns: columns, rows: rows, caption: caption)))
}

/// Shows a table with one row per record; columns are the record's properties.
///
/// Columns default to the stored properties in declaration order; pass `columns` to choose and
/// order them. Numbers are formatted by ``LabFormat``; nested values appear as JSON.
///
///     struct Run: Codable { var sparsity: Double; var accuracy: Double }
///     table(runs, caption: "Accuracy by sparsity")
public func table<Row: Encodable>(_ rows: [Row], columns: [String]? = nil, caption: String? = nil) {
  let records = TableBuilder.records(rows)
  let chosen = columns ?? TableBuilder.columns(rows, records: records)
  let cells = records.map { record in chosen.map { TableBuilder.text(record[$0]) } }
  table(cells, columns: chosen, caption: caption)
}

/// Shows a figure under the cell.
///
///     plot(.line(x: .log("weights remaining %", reversed: true), y: "accuracy",
///                series: [Series("lottery ticket", x: remaining, y: accuracy)]),
///          caption: "Winning tickets learn faster")
public func plot(_ spec: PlotSpec, caption: String? = nil, alt: String? = nil) {
  _lab.write(
    .plot(cell: _lab.cell, plot: PlotRecord(spec: spec.counted(), caption: caption, alt: alt)))
}

/// Checks a claim the prose makes; the page shows a pass or fail badge with the measurement.
///
/// `ticketbook check` fails when any claim fails, naming the lesson file and line.
///
///     check(ticket.accuracy >= dense.accuracy, "the ticket matches the dense network",
///           measured: "\(ticket.accuracy) vs \(dense.accuracy)")
///
/// A claim that only the full-size experiment supports names its profiles with `in:`; in other
/// profiles it is still measured and shown, but a failure does not fail `ticketbook check`.
@discardableResult
public func check(
  _ condition: Bool, _ claim: String, measured: String = "", in profiles: [Profile]? = nil,
  file: String = #filePath, line: Int = #line
) -> Bool {
  let record = CheckRecord(
    claim: claim, passed: condition, measured: measured, file: file, line: line,
    enforced: profiles?.contains(profile) ?? true)
  _lab.write(.check(cell: _lab.cell, check: record))
  return condition
}

/// Turns Codable records into rows of text.
enum TableBuilder {
  /// A decoded JSON value.
  enum Value: Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([Value])
    case object([String: Value])

    init(from decoder: any Decoder) throws {
      let container = try decoder.singleValueContainer()
      if container.decodeNil() {
        self = .null
      } else if let flag = try? container.decode(Bool.self) {
        self = .bool(flag)
      } else if let number = try? container.decode(Double.self) {
        self = .number(number)
      } else if let text = try? container.decode(String.self) {
        self = .string(text)
      } else if let items = try? container.decode([Value].self) {
        self = .array(items)
      } else {
        self = .object(try container.decode([String: Value].self))
      }
    }

    /// The value as JSON text, keys sorted.
    var json: String {
      switch self {
      case .null: return "null"
      case .bool(let flag): return flag ? "true" : "false"
      case .number(let number): return TableBuilder.text(.number(number))
      case .string(let text): return (try? CanonicalJSON.string(text)) ?? text
      case .array(let items): return "[" + items.map(\.json).joined(separator: ",") + "]"
      case .object(let fields):
        let parts = fields.keys.sorted().map { key in
          ((try? CanonicalJSON.string(key)) ?? key) + ":" + fields[key]!.json
        }
        return "{" + parts.joined(separator: ",") + "}"
      }
    }
  }

  /// Encodes each row and returns its top-level fields (a row that is not an object becomes
  /// one field named `value`).
  static func records<Row: Encodable>(_ rows: [Row]) -> [[String: Value]] {
    let encoder = CanonicalJSON.encoder()
    let decoder = CanonicalJSON.decoder()
    return rows.map { row in
      guard let data = try? encoder.encode(row),
        let value = try? decoder.decode(Value.self, from: data)
      else { return [:] }
      if case .object(let fields) = value { return fields }
      return ["value": value]
    }
  }

  /// The stored properties of the first row in declaration order, then any other keys sorted.
  static func columns<Row>(_ rows: [Row], records: [[String: Value]]) -> [String] {
    let keys = Set(records.flatMap(\.keys))
    var ordered: [String] = []
    if let first = rows.first {
      for child in Mirror(reflecting: first).children {
        if let label = child.label, keys.contains(label), !ordered.contains(label) {
          ordered.append(label)
        }
      }
    }
    return ordered + keys.subtracting(ordered).sorted()
  }

  /// The text of one field: numbers formatted, strings as they are, nested values as JSON.
  static func text(_ value: Value?) -> String {
    switch value {
    case nil, .null: return ""
    case .bool(let flag): return flag ? "true" : "false"
    case .string(let text): return text
    case .number(let number):
      if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
      return LabFormat.number(number)
    case .some(let nested): return nested.json
    }
  }
}
