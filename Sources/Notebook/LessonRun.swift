import Foundation
import LabRecords

/// Everything one execution of a lesson's program produced, per cell, as plain data.
public struct LessonRun: Codable, Equatable, Sendable {
  /// One entry per cell of the lesson, `cells[i].index == i`, including cells that did not run.
  public var cells: [CellOutput]
  /// The text of each inline expression, by index; `nil` where it was not evaluated.
  public var inlines: [String?]
  /// Compiler diagnostics, mapped to the lesson's Markdown lines.
  public var diagnostics: [Diagnostic]
  /// Why the lesson failed, if it did.
  public var failure: RunFailure?
  /// Seconds spent compiling.
  public var compileSeconds: Double
  /// Seconds spent running, over all attempts.
  public var runSeconds: Double

  /// Creates a run result.
  public init(
    cells: [CellOutput], inlines: [String?], diagnostics: [Diagnostic] = [],
    failure: RunFailure? = nil, compileSeconds: Double = 0, runSeconds: Double = 0
  ) {
    self.cells = cells
    self.inlines = inlines
    self.diagnostics = diagnostics
    self.failure = failure
    self.compileSeconds = compileSeconds
    self.runSeconds = runSeconds
  }

  /// An empty run of `lesson`: every cell without output, every inline unevaluated.
  public static func empty(for lesson: Lesson) -> LessonRun {
    LessonRun(
      cells: lesson.cells.map { CellOutput(index: $0.index) },
      inlines: Array(repeating: nil, count: lesson.inlines.count))
  }

  /// Every check the lesson's cells made, in order.
  public var checks: [CheckRecord] {
    cells.flatMap { cell in
      cell.items.compactMap { item in
        if case .check(let check) = item { return check }
        return nil
      }
    }
  }

  /// Builds the per-cell outputs from the records of one execution.
  ///
  /// Records of cells outside `0..<cellCount` and inline values outside `0..<inlineCount` are
  /// ignored; a cell is finished when its `cellFinished` record is present.
  public static func assemble(records: [LabRecord], cellCount: Int, inlineCount: Int) -> LessonRun {
    var cells = (0..<cellCount).map { CellOutput(index: $0) }
    var inlines = [String?](repeating: nil, count: inlineCount)
    for record in records {
      if case .inline(let index, let text) = record {
        if inlines.indices.contains(index) { inlines[index] = text }
        continue
      }
      guard let index = record.cell, cells.indices.contains(index) else { continue }
      cells[index].apply(record)
    }
    return LessonRun(cells: cells, inlines: inlines)
  }
}

/// What one cell produced.
public struct CellOutput: Codable, Equatable, Sendable {
  /// The cell's index in the lesson.
  public var index: Int
  /// Whether the cell started running.
  public var started = false
  /// Whether the cell ran to its end.
  public var finished = false
  /// What it wrote to standard output.
  public var stdout = ""
  /// What it wrote to standard error.
  public var stderr = ""
  /// Shown values, tables, plots, checks, memo notes and final progress, in order.
  public var items: [OutputItem] = []
  /// Its run time in seconds, when it finished.
  public var seconds: Double?
  /// Why it failed, when it did (a thrown error, a trap, a time-out).
  public var error: String?

  /// Creates the output of a cell that has produced nothing yet.
  public init(index: Int) {
    self.index = index
  }

  /// Adds what `record` says to this cell's output.
  public mutating func apply(_ record: LabRecord) {
    switch record {
    case .cellStarted: started = true
    case .stream(_, .stdout, let text): stdout += text
    case .stream(_, .stderr, let text): stderr += text
    case .shown(_, let label, let text): items.append(.shown(label: label, text: text))
    case .table(_, let table): items.append(.table(table))
    case .plot(_, let plot): items.append(.plot(plot))
    case .check(_, let check): items.append(.check(check))
    case .memo(_, let name, _, let hit, let seconds):
      items.append(.memo(name: name, hit: hit, seconds: seconds))
    case .progress(_, let label, let done, let total):
      // Only the latest state of each progress bar is kept. A bar is named by its label up to
      // the first ": " (Lab's `tracking` reports "label: stage"), so the stages of one long
      // experiment collapse into its final state, and the page does not depend on how often
      // progress happened to be reported.
      func bar(_ text: String) -> Substring {
        text.range(of: ": ").map { text[..<$0.lowerBound] } ?? Substring(text)
      }
      if let last = items.lastIndex(where: {
        if case .progress(let other, _, _) = $0 { return bar(other) == bar(label) }
        return false
      }) {
        items[last] = .progress(label: label, done: done, total: total)
      } else {
        items.append(.progress(label: label, done: done, total: total))
      }
    case .cellFinished(_, let seconds):
      finished = true
      self.seconds = seconds
    case .error(_, let message): error = error.map { $0 + "\n" + message } ?? message
    case .seeds(_, let source, let seeds):
      if !items.contains(.seeds(source: source, seeds: seeds)) {
        items.append(.seeds(source: source, seeds: seeds))
      }
    case .inline: break
    }
  }
}

/// One displayed result of a cell.
public enum OutputItem: Codable, Equatable, Sendable {
  /// A value passed to `show`.
  case shown(label: String?, text: String)
  /// A table.
  case table(TableRecord)
  /// A figure.
  case plot(PlotRecord)
  /// A checked claim.
  case check(CheckRecord)
  /// A memoised computation, reused or computed.
  case memo(name: String, hit: Bool, seconds: Double)
  /// The final state of a progress reporter.
  case progress(label: String, done: Int, total: Int)
  /// The seeds of an experiment the cell ran or loaded (shown in the page's footer).
  case seeds(source: String, seeds: [String: UInt64])
}

/// Why a lesson could not be run to its end.
public struct RunFailure: Error, Codable, Equatable, Sendable, CustomStringConvertible {
  /// The kind of failure.
  public enum Kind: String, Codable, Equatable, Sendable {
    /// The program did not compile.
    case compile
    /// The program trapped, threw at top level or exited non-zero.
    case crash
    /// The program ran past the time limit.
    case timeout
    /// The program could not be built or started at all (no compiler, no Lab library).
    case setup
  }

  /// The kind of failure.
  public var kind: Kind
  /// The cell it happened in, when known.
  public var cell: Int?
  /// A one-line explanation naming the lesson file, line and cell where known.
  public var message: String

  /// Creates a failure.
  public init(kind: Kind, cell: Int? = nil, message: String) {
    self.kind = kind
    self.cell = cell
    self.message = message
  }

  /// The message.
  public var description: String { message }
}

/// A compiler message mapped to the lesson.
public struct Diagnostic: Codable, Equatable, Sendable, CustomStringConvertible {
  /// The file the compiler named (the lesson, thanks to `#sourceLocation`).
  public var file: String
  /// The 1-based line.
  public var line: Int
  /// The 1-based column.
  public var column: Int
  /// `error`, `warning` or `note`.
  public var severity: String
  /// The compiler's message.
  public var message: String
  /// The cell the line belongs to, if any.
  public var cell: Int?

  /// Creates a diagnostic.
  public init(
    file: String, line: Int, column: Int, severity: String, message: String, cell: Int? = nil
  ) {
    self.file = file
    self.line = line
    self.column = column
    self.severity = severity
    self.message = message
    self.cell = cell
  }

  /// `file:line:column: severity: message`.
  public var description: String {
    "\(file):\(line):\(column): \(severity): \(message)"
  }

  /// Reads the `file:line:column: severity: message` lines of compiler output; other lines
  /// (source excerpts, carets) are skipped.
  public static func parse(_ output: String) -> [Diagnostic] {
    var found: [Diagnostic] = []
    for line in output.split(separator: "\n") {
      let parts = line.split(separator: ":", maxSplits: 4, omittingEmptySubsequences: false)
      guard parts.count == 5, let number = Int(parts[1]), let column = Int(parts[2]) else {
        continue
      }
      let severity = parts[3].trimmingCharacters(in: .whitespaces)
      guard ["error", "warning", "note"].contains(severity) else { continue }
      let message = parts[4].trimmingCharacters(in: .whitespaces)
      let diagnostic = Diagnostic(
        file: String(parts[0]), line: number, column: column, severity: severity,
        message: message)
      if !found.contains(diagnostic) { found.append(diagnostic) }
    }
    return found
  }
}

extension Lesson {
  /// The cell whose fenced block contains Markdown line `line`, if any.
  public func cell(atLine line: Int) -> Cell? {
    cells.first { $0.span.contains(line) }
  }
}
