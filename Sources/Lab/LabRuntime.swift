import Foundation
import LabRecords

@_implementationOnly import CKernels

#if canImport(Glibc)
  import Glibc
#endif

/// The part of a lesson program that talks to the notebook runner.
///
/// Generated programs call ``beginCell(_:)`` and ``endCell(_:)`` around every cell and
/// ``inline(_:_:)`` for every inline expression of the prose; the global functions lesson code
/// calls (`show`, `table`, `check`, …) write their records through ``write(_:)``. Every record is
/// one `write(2)` of one JSON line to the records file, so nothing is lost when the program
/// traps later.
public final class LabRuntime: @unchecked Sendable {
  /// Where records and captured output go, and the facts memo keys depend on.
  public struct Configuration: Sendable {
    /// The records file; records are dropped when `nil` (a program run by hand).
    public var recordsPath: String?
    /// The directory holding each cell's captured output; nothing is captured when `nil`.
    public var runDirectory: String?
    /// The directory of memoised results; `memo` always computes when `nil`.
    public var memoDirectory: String?
    /// The engine build identity, part of memo keys.
    public var engineBuild: String
    /// The dataset checksum, part of memo keys.
    public var datasetChecksum: String
    /// The profile the lesson runs in.
    public var profile: Profile
    /// Cells to skip: `error: true` cells that already failed in an earlier attempt.
    public var skippedCells: Set<Int>
    /// How a batch of experiments (`memoAll`) runs its missing ones.
    public var batches: BatchSettings = BatchSettings()

    /// Creates a configuration; by default records and captures nothing.
    public init(
      recordsPath: String? = nil, runDirectory: String? = nil, memoDirectory: String? = nil,
      engineBuild: String = "", datasetChecksum: String = "", profile: Profile = .quick,
      skippedCells: Set<Int> = [], batches: BatchSettings = BatchSettings()
    ) {
      self.recordsPath = recordsPath
      self.runDirectory = runDirectory
      self.memoDirectory = memoDirectory
      self.engineBuild = engineBuild
      self.datasetChecksum = datasetChecksum
      self.profile = profile
      self.skippedCells = skippedCells
      self.batches = batches
    }

    /// Reads the configuration the runner put in the environment (see ``LabEnvironment``).
    public static func fromEnvironment(_ environment: [String: String]) -> Configuration {
      func value(_ name: String) -> String? {
        guard let value = environment[name], !value.isEmpty else { return nil }
        return value
      }
      let skipped = (value(LabEnvironment.skipCells) ?? "").split(separator: ",").compactMap {
        Int($0)
      }
      return Configuration(
        recordsPath: value(LabEnvironment.records),
        runDirectory: value(LabEnvironment.runDirectory),
        memoDirectory: value(LabEnvironment.memoDirectory),
        engineBuild: value(LabEnvironment.engineBuild) ?? "",
        datasetChecksum: value(LabEnvironment.datasetChecksum) ?? "",
        profile: value(LabEnvironment.profile).flatMap(Profile.init(rawValue:)) ?? .quick,
        skippedCells: Set(skipped),
        batches: .fromEnvironment(environment))
    }
  }

  /// The runtime of this process, configured from the environment. A program started by
  /// `ticketbook` (which names itself in `TICKETBOOK_PARENT_PID`) first arranges to be killed
  /// when that process dies, so no lesson program outlives an interrupted or killed render.
  public static let shared: LabRuntime = {
    let environment = ProcessInfo.processInfo.environment
    if let parent = environment[LabEnvironment.parentProcess].flatMap(Int32.init) {
      _ = tb_die_with_parent(parent)
    }
    let runtime = LabRuntime(configuration: .fromEnvironment(environment), captureStreams: true)
    // A program of a render holds one of its job slots while it computes (see `memoAll`).
    runtime.slot = runtime.configuration.batches.slots?.acquire()
    return runtime
  }()

  /// The render's job slot this program holds (nil: none, or not started by a render).
  var slot: JobSlots.Slot? {
    get { lock.withLock { heldSlot } }
    set { lock.withLock { heldSlot = newValue } }
  }
  private var heldSlot: JobSlots.Slot?

  /// The configuration this runtime was created with.
  public let configuration: Configuration
  private let captureStreams: Bool
  private let lock = NSLock()
  private var recordsDescriptor: Int32 = -1
  private var savedOutput: Int32 = -1
  private var savedError: Int32 = -1
  private var current = -1
  private var started = ContinuousClock.now

  /// Creates a runtime; `captureStreams` redirects file descriptors 1 and 2 per cell.
  public init(configuration: Configuration, captureStreams: Bool = false) {
    self.configuration = configuration
    self.captureStreams = captureStreams && configuration.runDirectory != nil
    if let path = configuration.recordsPath {
      recordsDescriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
    }
    if self.captureStreams {
      // Line buffering: what a cell printed before a trap is already in its capture file.
      Self.lineBufferStandardOutput()
      savedOutput = dup(1)
      savedError = dup(2)
    }
  }

  deinit {
    if recordsDescriptor >= 0 { close(recordsDescriptor) }
  }

  /// The index of the cell running now, or of the last cell that ran; -1 before the first.
  public var cell: Int {
    lock.withLock { current }
  }

  /// Appends one record to the records file.
  public func write(_ record: LabRecord) {
    let line = RecordLog.line(for: record)
    lock.withLock {
      guard recordsDescriptor >= 0 else { return }
      line.withUnsafeBytes { bytes in
        var offset = 0
        while offset < bytes.count {
          let written = Glibc.write(
            recordsDescriptor, bytes.baseAddress! + offset, bytes.count - offset)
          if written <= 0 { break }
          offset += written
        }
      }
    }
  }

  /// Marks the start of cell `index`: captures its output and starts its clock.
  public func beginCell(_ index: Int) {
    flushStreams()
    if captureStreams, let directory = configuration.runDirectory {
      redirect(1, to: directory + "/" + LabEnvironment.captureFile(cell: index, stream: .stdout))
      redirect(2, to: directory + "/" + LabEnvironment.captureFile(cell: index, stream: .stderr))
    }
    lock.withLock {
      current = index
      started = .now
    }
    write(.cellStarted(cell: index))
  }

  /// Marks the end of cell `index`: records its run time and restores the process's streams.
  public func endCell(_ index: Int) {
    flushStreams()
    if captureStreams {
      dup2(savedOutput, 1)
      dup2(savedError, 2)
    }
    let elapsed = lock.withLock { ContinuousClock.now - started }
    write(.cellFinished(cell: index, seconds: Self.seconds(elapsed)))
  }

  /// Whether cell `index` should run in this attempt (skipped cells failed in an earlier one).
  public func shouldRun(_ index: Int) -> Bool {
    !configuration.skippedCells.contains(index)
  }

  /// Records an error thrown by an `error: true` cell.
  public func fail(_ index: Int, _ error: any Error) {
    flushStreams()
    write(.error(cell: index, message: "error thrown: \(error)"))
  }

  /// Evaluates the `index`-th inline expression of the prose and records its value as text.
  public func inline<T>(_ index: Int, _ value: () -> T) {
    write(.inline(index: index, text: LabFormat.describe(value())))
  }

  /// Converts a duration to seconds.
  static func seconds(_ duration: Duration) -> Double {
    let parts = duration.components
    return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
  }

  /// Flushes every stdio stream (`fflush(NULL)`), so captured output lands in its cell's file.
  private func flushStreams() {
    fflush(nil)
  }

  /// Makes stdio's `stdout` line-buffered. The C global is looked up by name because Swift 6
  /// refuses to touch a mutable C global directly.
  private static func lineBufferStandardOutput() {
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "stdout") else { return }
    let file = symbol.assumingMemoryBound(to: UnsafeMutablePointer<FILE>?.self).pointee
    setvbuf(file, nil, _IOLBF, 0)
  }

  private func redirect(_ descriptor: Int32, to path: String) {
    let file = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard file >= 0 else { return }
    dup2(file, descriptor)
    close(file)
  }
}

extension LabRuntime {
  /// Runs an `error: true` cell: skipped when an earlier attempt saw it trap; a thrown error is
  /// recorded and the program goes on.
  public func attempt<T>(_ index: Int, _ body: () throws -> T) {
    guard shouldRun(index) else { return }
    do {
      _ = try body()
    } catch {
      fail(index, error)
    }
  }
}
