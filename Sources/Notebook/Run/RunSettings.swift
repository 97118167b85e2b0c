import LabRecords

/// The facts a lesson program reads from its environment, besides where to write records.
public struct RunSettings: Codable, Equatable, Sendable {
  /// The profile.
  public var profile: Profile
  /// Where `memo` stores results.
  public var memoDirectory: String
  /// The engine build identity (the Lab library's hash).
  public var engineBuild: String
  /// The dataset checksum.
  public var datasetChecksum: String
  /// The Fashion-MNIST directory whose files gave ``datasetChecksum``: lesson programs load
  /// from it (the runner sets `LabEnvironment.datasetDirectory` to it, whatever the renderer's
  /// own environment says).
  public var datasetDirectory: String
  /// Seconds each execution of the program may take; no limit when `nil`.
  public var timeout: Double?
  /// Whether lesson programs are compiled with `-O` instead of `-Onone`.
  ///
  /// The engine in `libLab.so` is optimised either way; what this changes is only the lesson's
  /// own top-level code, which the optimiser handles slowly (a 300-line lesson: 26 s with `-O`,
  /// 2.3 s with `-Onone` on the project's 2-core machine).
  public var optimize: Bool = false
  /// How the program runs its batches of experiments.
  public var batches: BatchOptions = BatchOptions()
  /// The directory of the render's job slots (`JobSlots`); nil: no shared budget.
  public var jobSlots: String?

  /// Creates settings.
  public init(
    profile: Profile, memoDirectory: String, engineBuild: String, datasetChecksum: String,
    datasetDirectory: String, timeout: Double?, optimize: Bool = false,
    batches: BatchOptions = BatchOptions(), jobSlots: String? = nil
  ) {
    self.optimize = optimize
    self.batches = batches
    self.jobSlots = jobSlots
    self.profile = profile
    self.memoDirectory = memoDirectory
    self.engineBuild = engineBuild
    self.datasetChecksum = datasetChecksum
    self.datasetDirectory = datasetDirectory
    self.timeout = timeout
  }
}
