/// How lesson programs run the missing experiments of a batch (`memoAll`): the render's
/// `--jobs`, `--executor`, `--slurm-partition` and `--slurm-option`.
public struct BatchOptions: Codable, Equatable, Sendable {
  /// Where a batch's missing experiments run.
  public enum Executor: String, Codable, Equatable, Sendable, CaseIterable {
    /// As `ticketbook experiment run` processes on this machine, up to the job budget.
    case local
    /// As one Slurm job array per batch (`sbatch --array`), each task running
    /// `ticketbook experiment run` with the store in the shared memo directory.
    case slurm
  }

  /// The `ticketbook` executable that runs one experiment (`experiment run`); nil: every
  /// experiment runs inside its lesson's program.
  public var executable: String?
  /// The job budget: how many processes may compute at once (lessons and experiments).
  public var jobs: Int
  /// Where missing experiments run.
  public var executor: Executor
  /// The Slurm partition; nil: the cluster's default.
  public var slurmPartition: String?
  /// Further `sbatch` arguments, such as `--account=lab` or `--time=2:00:00`.
  public var slurmOptions: [String]

  /// Creates options; by default experiments run inside the lesson programs.
  public init(
    executable: String? = nil, jobs: Int = 1, executor: Executor = .local,
    slurmPartition: String? = nil, slurmOptions: [String] = []
  ) {
    self.executable = executable
    self.jobs = jobs
    self.executor = executor
    self.slurmPartition = slurmPartition
    self.slurmOptions = slurmOptions
  }
}
