import Foundation

/// The statistics and clocks every benchmark of `ticketbook bench` shares: medians of repeated
/// timings, per-thread CPU time, interleaved measurement and peak memory.
public enum BenchStatistics {
  /// The middle value of `values` (the mean of the two middle values for an even count; NaN when
  /// empty).
  public static func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let n = sorted.count
    guard n > 0 else { return .nan }
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
  }

  /// The element at index count/2 of the sorted `values`: the median for an odd count, the
  /// larger middle value for an even one (the slower of two epochs in `bench train`, as its
  /// published ratios were measured). `values` must not be empty.
  public static func upperMedian(_ values: [Double]) -> Double {
    values.sorted()[values.count / 2]
  }

  /// `duration` in seconds.
  public static func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
  }

  /// Wall-clock seconds `body` takes.
  public static func wallSeconds(_ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    return seconds(ContinuousClock.now - start)
  }

  /// CPU seconds of the calling thread: unlike wall time, not inflated while other programs on
  /// a shared machine hold the core (with one OpenBLAS thread all the work is on this one).
  public static func threadSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
  }

  /// Runs each of `measurements` once per repetition, in turn, and returns each one's results
  /// in order: interleaving spreads load from other processes over all of them alike, where
  /// measuring one after the other would charge it to whichever ran at the time.
  public static func interleaved(
    repetitions: Int, _ measurements: [() -> Double]
  ) -> [[Double]] {
    var results = [[Double]](repeating: [], count: measurements.count)
    for _ in 0..<Swift.max(1, repetitions) {
      for (k, measure) in measurements.enumerated() { results[k].append(measure()) }
    }
    return results
  }

  /// The peak resident set size of this process in bytes (Linux `VmHWM`), or 0 if unknown.
  public static func peakResidentBytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else {
      return 0
    }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
      let kb = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
      return kb * 1024
    }
    return 0
  }
}
