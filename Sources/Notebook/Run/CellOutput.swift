import LabRecords

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
    // Warnings become the run's diagnostics (`LessonRun.assemble`), not cell output.
    case .inline, .warning: break
    }
  }
}
