/// The environment variables through which the notebook runner configures a lesson program.
///
/// Both sides name them through this type, so the writer (`Lab`) and the reader (`Notebook`)
/// cannot drift apart.
public enum LabEnvironment {
  /// Path of the file the program appends its ``LabRecord`` lines to.
  public static let records = "TICKETBOOK_RECORDS"
  /// Directory where each cell's standard output and standard error are captured.
  public static let runDirectory = "TICKETBOOK_RUN_DIR"
  /// Directory of memoised results.
  public static let memoDirectory = "TICKETBOOK_MEMO_DIR"
  /// Identity of the engine build (a hash of the Lab library), part of every memo key.
  public static let engineBuild = "TICKETBOOK_ENGINE_BUILD"
  /// SHA-256 of the Fashion-MNIST files, part of every memo key.
  public static let datasetChecksum = "TICKETBOOK_DATASET_CHECKSUM"
  /// The Fashion-MNIST directory: the engine's own variable (`FashionMNIST.environmentVariable`),
  /// read by `ticketbook` to checksum the data and always set by the runner for the lesson
  /// programs it starts, so the checksum and the loaded data come from one directory.
  public static let datasetDirectory = "TICKETBOOK_FASHION_MNIST"
  /// The directory when ``datasetDirectory`` is unset or empty: where Debian's
  /// `dataset-fashion-mnist` installs the files (`FashionMNIST.defaultDirectory`).
  public static let defaultDatasetDirectory = "/usr/share/datasets/fashion-mnist"
  /// The variable earlier versions read for the checksum while the engine read
  /// ``datasetDirectory``; no longer read, only warned about.
  public static let retiredDatasetDirectory = "TICKETBOOK_DATASET_DIR"
  /// The profile, `quick` or `full`.
  public static let profile = "TICKETBOOK_PROFILE"
  /// Comma-separated indices of `error: true` cells to skip (they failed in an earlier attempt).
  public static let skipCells = "TICKETBOOK_SKIP_CELLS"
  /// The process id of the `ticketbook` that started the program: the program dies with it.
  public static let parentProcess = "TICKETBOOK_PARENT_PID"
  /// The `ticketbook` executable that started the program: a batch of experiments (`memoAll`)
  /// runs each missing one as `ticketbook experiment run`, with the same engine build.
  public static let executable = "TICKETBOOK_EXECUTABLE"
  /// The render's job budget (`--jobs`): how many processes may compute at once.
  public static let jobs = "TICKETBOOK_JOBS"
  /// A directory of the render's job slots (``JobSlots``): a lesson program holds one while it
  /// computes, and gives it to its batch's experiment processes while it waits for them.
  public static let jobSlots = "TICKETBOOK_JOB_SLOTS"
  /// Where a batch's missing experiments run: `local` (processes on this machine) or `slurm`
  /// (one job array per batch).
  public static let executor = "TICKETBOOK_EXECUTOR"
  /// The Slurm partition of the job arrays (`--slurm-partition`; empty: the cluster's default).
  public static let slurmPartition = "TICKETBOOK_SLURM_PARTITION"
  /// Further `sbatch` arguments, one per line (`--slurm-option`, repeated).
  public static let slurmOptions = "TICKETBOOK_SLURM_OPTIONS"
  /// The memo store's key context of the lesson program that started an experiment process
  /// (canonical JSON): the process refuses to store under any other.
  public static let storeContext = "TICKETBOOK_STORE_CONTEXT"

  /// The Fashion-MNIST directory `environment` names (``datasetDirectory``, else the default),
  /// and a warning when it also sets the retired ``retiredDatasetDirectory``, which is ignored.
  public static func datasetDirectory(in environment: [String: String]) -> (
    directory: String, warning: String?
  ) {
    let named = environment[datasetDirectory].flatMap { $0.isEmpty ? nil : $0 }
    let directory = named ?? defaultDatasetDirectory
    guard let retired = environment[retiredDatasetDirectory], !retired.isEmpty else {
      return (directory, nil)
    }
    return (
      directory,
      "warning: \(retiredDatasetDirectory) is no longer read (it was \(retired)); the lessons and "
        + "the dataset checksum both use $\(datasetDirectory), here \(directory)"
    )
  }

  /// The Slurm job name of every array a render's lessons submit (`render` is the render's
  /// process id): the render cancels its arrays by it (`scancel --name`) when stopped.
  public static func slurmJobName(render: String) -> String { "ticketbook-\(render)" }

  /// The name of the file capturing `stream` of cell `cell` inside the run directory.
  public static func captureFile(cell: Int, stream: StreamName) -> String {
    "cell-\(cell).\(stream.rawValue)"
  }
}

/// How much work a lesson does: `quick` for CI and drafts, `full` for the published course.
public enum Profile: String, Codable, Equatable, Sendable, CaseIterable {
  /// Seconds per lesson: small data, few epochs.
  case quick
  /// The published numbers.
  case full

  /// Returns `quick` in the quick profile and `full` in the full one.
  public func pick<T>(quick: T, full: T) -> T {
    self == .quick ? quick : full
  }
}
