import Foundation
import Notebook

/// Writes to standard error.
enum Terminal {
  /// Writes one line to standard error.
  static func error(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
  }
}

/// Shows live progress on standard error: one updating line on a terminal, plain lines otherwise.
final class ProgressDisplay: @unchecked Sendable {
  private struct Active {
    var started = ContinuousClock.now
    var estimate: Double?
    var cell: String?
    var progress: String?
  }

  private let lock = NSLock()
  private let interactive = isatty(2) != 0
  private let explain: Bool
  private var active: [String: Active] = [:]
  private var order: [String] = []
  /// How many of each lesson's messages were printed when it finished, by path.
  private var printed: [String: Int] = [:]

  init(explain: Bool) {
    self.explain = explain
  }

  /// Updates the display for one event.
  func handle(_ event: NotebookEvent) {
    lock.withLock {
      switch event {
      case .lessonStarted(let path, let estimate):
        active[path] = Active(estimate: estimate)
        order.append(path)
        if !interactive {
          let eta = estimate.map { $0 > 0 ? " (last run \(Self.format($0)))" : " (cached)" } ?? ""
          emit("\(path): started\(eta)")
        }
      case .run(let path, let runEvent, let cell):
        switch runEvent {
        case .compiling:
          active[path]?.cell = "compiling"
          if !interactive { emit("\(path): compiling") }
        case .running(let attempt):
          if attempt > 1, !interactive {
            emit("\(path): running again without the error: true cell that stopped it")
          }
        case .cellStarted:
          active[path]?.cell = cell
          active[path]?.progress = nil
          if !interactive, let cell { emit("\(path): \(cell)") }
        case .progress(_, let label, let done, let total):
          active[path]?.progress = "\(label) \(done)/\(total)"
          if !interactive && (done == total || (total >= 10 && done % max(1, total / 10) == 0)) {
            emit("\(path): \(label) \(done)/\(total)")
          }
        }
      case .lessonFinished(let outcome):
        active[outcome.path] = nil
        order.removeAll { $0 == outcome.path }
        clearLine()
        let mark = outcome.succeeded ? "ok" : "FAILED"
        let source = outcome.cached ? ", cached" : ""
        emit("\(outcome.path): \(mark) (\(Self.format(outcome.seconds))\(source))")
        for message in outcome.messages { emit(message) }
        printed[outcome.path] = outcome.messages.count
        if explain { emit(outcome.explanation) }
      }
      redraw()
    }
  }

  /// Clears the live line, then prints what writing the site added to the outcomes after
  /// their lessons finished (a page that could not be written, math warnings).
  func finish(_ outcomes: [LessonOutcome] = []) {
    lock.withLock {
      clearLine()
      for outcome in outcomes {
        for message in outcome.messages.dropFirst(printed[outcome.path] ?? 0) { emit(message) }
      }
    }
  }

  private func redraw() {
    guard interactive, !order.isEmpty else { return }
    let parts = order.compactMap { path -> String? in
      guard let state = active[path] else { return nil }
      let elapsed = ContinuousClock.now - state.started
      var text = "\(Lesson.name(ofPath: path)) \(Self.format(Double(elapsed.components.seconds)))"
      if let estimate = state.estimate, estimate > 0 { text += "/~\(Self.format(estimate))" }
      if let cell = state.cell { text += " \(cell)" }
      if let progress = state.progress { text += " [\(progress)]" }
      return text
    }
    FileHandle.standardError.write(Data(("\r\u{1B}[K" + parts.joined(separator: " | ")).utf8))
  }

  private func clearLine() {
    if interactive { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
  }

  private func emit(_ line: String) {
    clearLine()
    Terminal.error(line)
  }

  /// `4.2 s`, `1 min 12 s`.
  static func format(_ seconds: Double) -> String {
    if seconds < 60 { return String(format: "%.1f s", seconds) }
    return "\(Int(seconds) / 60) min \(Int(seconds) % 60) s"
  }
}
