import LabRecords
import Lottery

/// Reports how far a long loop has got; the command line shows it live.
///
///     let bar = progress("epochs", total: epochs)
///     for epoch in 0..<epochs { train(epoch); bar.advance() }
public func progress(_ label: String, total: Int) -> ProgressReporter {
  ProgressReporter(label: label, total: total, runtime: _lab)
}

/// A progress callback for Lottery's long experiments, shown live by the command line:
///
///     let run = try LotteryTicket.run(config, progress: tracking("IMP seed 0"))
public func tracking(_ label: String) -> (ExperimentProgress) -> Void {
  let reporter = ProgressReporter(label: label, total: 1, runtime: _lab)
  return { step in reporter.update(done: step.done, total: step.total, stage: step.stage) }
}

/// A counter that writes progress records, at most a few per second, and always the last one.
public final class ProgressReporter: @unchecked Sendable {
  /// What is being counted.
  public private(set) var label: String
  /// How many steps make the whole.
  public private(set) var total: Int
  private let baseLabel: String
  private let runtime: LabRuntime
  private var done = 0
  private var lastReport: ContinuousClock.Instant?

  /// Creates a reporter writing through `runtime`; it reports 0 of `total` at once.
  public init(label: String, total: Int, runtime: LabRuntime) {
    self.label = label
    self.baseLabel = label
    self.total = total
    self.runtime = runtime
    report()
  }

  /// The number of steps done so far.
  public var completed: Int { done }

  /// Counts `steps` more steps done.
  public func advance(by steps: Int = 1) {
    done += steps
    let now = ContinuousClock.now
    if done >= total || lastReport.map({ now - $0 >= .milliseconds(250) }) ?? true {
      report()
    }
  }

  /// Sets the count, the whole and the current stage (shown after the label) at once.
  public func update(done newDone: Int, total newTotal: Int, stage: String? = nil) {
    total = Swift.max(1, newTotal)
    if let stage { label = "\(baseLabel): \(stage)" }
    advance(by: newDone - done)
  }

  private func report() {
    lastReport = .now
    runtime.write(.progress(cell: runtime.cell, label: label, done: min(done, total), total: total))
  }
}
