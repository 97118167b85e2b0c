import ArgumentParser
import Benchmarks
import Foundation
import Notebook

extension Profile: ExpressibleByArgument {}
extension BatchOptions.Executor: ExpressibleByArgument {}

/// The options `render` and `check` share.
struct NotebookArguments: ParsableArguments {
  @Argument(help: "Lesson files (default: every lessons/*.md, in file order).")
  var lessons: [String] = []

  @Option(help: "The profile lessons run in: quick or full.")
  var profile: Profile?

  @Option(help: "How many lessons to render at once.")
  var jobs: Int = 1

  @Option(
    help:
      "Seconds a lesson program may run before it is killed (default: 600 in the quick profile, 10800 in the full one)."
  )
  var timeout: Double?

  @Flag(help: "Run every lesson even when a cached run is valid.")
  var noCache = false

  @Flag(help: "Say why each lesson ran or was taken from the cache.")
  var explain = false

  @Flag(help: "Compile lesson programs with -O (slow to compile; the engine is optimised anyway).")
  var optimize = false

  @Flag(help: "Replace an existing page even when the lesson failed.")
  var force = false

  @Option(
    help:
      "Directory with libLab.so and Modules/ (default: $TICKETBOOK_LAB_DIR, else the directory of this executable)."
  )
  var labDir: String?

  @Option(help: "Directory for cached runs, memoised results and builds.")
  var cacheDir: String = ".ticketbook-cache"

  @Option(
    help:
      "Directory of memoised results (default: CACHE-DIR/memo); with --executor slurm, one every node shares."
  )
  var memoDir: String?

  @Option(
    help:
      "Where a lesson's batches of independent experiments (memoAll) run: local (processes, up to --jobs at once) or slurm (one job array per batch)."
  )
  var executor: BatchOptions.Executor = .local

  @Option(help: "The Slurm partition of the job arrays (default: the cluster's).")
  var slurmPartition: String?

  @Option(
    parsing: .unconditionalSingleValue,
    help: "An sbatch argument for every job array, such as --account=lab (repeatable).")
  var slurmOption: [String] = []

  func validate() throws {
    guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    if executor == .slurm {
      for command in ["sbatch", "squeue", "scancel"]
      where Executables.onPath([command], environment: ProcessInfo.processInfo.environment)
        == nil
      {
        throw ValidationError(
          "--executor slurm needs Slurm's \(command) on PATH (Debian: slurm-client)")
      }
    } else if slurmPartition != nil || !slurmOption.isEmpty {
      throw ValidationError("--slurm-partition and --slurm-option need --executor slurm")
    }
    if let timeout, !(timeout.isFinite && timeout > 0 && timeout <= CellOptions.maximumTimeout) {
      throw ValidationError(
        "--timeout must be a positive number of seconds up to \(Int(CellOptions.maximumTimeout)) "
          + "(a year), not '\(timeout)'")
    }
  }

  /// The default `--timeout`: a quick render takes seconds per lesson, a full one up to about ten
  /// minutes per lesson on a 2-core machine (lesson 2), more on slower ones.
  static func defaultTimeout(_ profile: Profile) -> Double {
    profile == .full ? 10_800 : 600
  }

  /// This `ticketbook` executable, which runs a batch's experiments (`experiment run`).
  static var executablePath: String {
    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
      ?? CommandLine.arguments[0]
  }

  /// The lesson files to render.
  func lessonPaths() throws -> [String] {
    if !lessons.isEmpty { return lessons }
    let found = LessonDirectory.lessons(in: "lessons")
    guard !found.isEmpty else {
      throw ValidationError(
        "no lessons given and no lessons/*.md in \(FileManager.default.currentDirectoryPath)")
    }
    return found
  }

  /// The pipeline configured by these options; exits 1 when the Lab library or swiftc is missing.
  func pipeline(
    outputDirectory: String, defaultProfile: Profile, formats: PageFormats.Choice = .init()
  ) throws -> Pipeline {
    Pipeline(
      options: try options(
        outputDirectory: outputDirectory, defaultProfile: defaultProfile, formats: formats))
  }

  /// The options a pipeline gets from these arguments; exits 1 when the Lab library or swiftc
  /// is missing.
  func options(
    outputDirectory: String, defaultProfile: Profile, formats: PageFormats.Choice = .init()
  ) throws -> NotebookOptions {
    let environment = ProcessInfo.processInfo.environment
    let lab: LabLibrary
    do {
      lab = try LabLibrary.locate(explicit: labDir, environment: environment)
    } catch {
      Terminal.error(error.message)
      throw ExitCode.failure
    }
    guard let swiftc = Subprocesses.swiftc(environment: environment) else {
      Terminal.error("error: swiftc not found on PATH (or set TICKETBOOK_SWIFTC)")
      throw ExitCode.failure
    }
    let profile = profile ?? defaultProfile
    let dataset = LabEnvironment.datasetDirectory(in: environment)
    if let warning = dataset.warning { Terminal.error(warning) }
    var options = NotebookOptions(
      outputDirectory: outputDirectory, cacheDirectory: cacheDir, profile: profile,
      timeout: timeout ?? Self.defaultTimeout(profile), useCache: !noCache, force: force,
      lab: lab, swiftc: swiftc, datasetDirectory: dataset.directory)
    options.optimize = optimize
    options.memoDirectory = memoDir.map { URL(fileURLWithPath: $0).standardized.path }
    // Experiment processes run this executable's engine, so only with the Lab library built
    // beside it (`--lab-dir` elsewhere: every experiment runs inside its lesson program).
    let ownBuild =
      URL(fileURLWithPath: lab.directory).resolvingSymlinksInPath().path
      == URL(fileURLWithPath: LabLibrary.executableDirectory()).resolvingSymlinksInPath().path
    if !ownBuild && jobs > 1 {
      Terminal.error(
        "warning: the Lab library is \(lab.directory), not beside this ticketbook: lessons' "
          + "batches of experiments run inside their lesson programs, one after another")
    }
    if !ownBuild && executor == .slurm {
      Terminal.error(
        "error: --executor slurm runs this executable's engine, but the Lab library is "
          + "\(lab.directory), not beside it; drop --lab-dir or run the ticketbook of that build")
      throw ExitCode.failure
    }
    options.batches = BatchOptions(
      executable: ownBuild ? Self.executablePath : nil, jobs: jobs, executor: executor,
      slurmPartition: slurmPartition, slurmOptions: slurmOption)
    try formats.apply(to: &options, environment: environment)
    options.coursePage = LessonDirectory.coursePage(besideLessons: lessons)
    // Lesson programs inherit this process's environment, so their OpenBLAS loads the same
    // kernels as ours.
    options.blasKernels = BLASEnvironment.coreName
    return options
  }

  /// Renders the lessons with live progress; returns the outcomes.
  func render(
    outputDirectory: String, defaultProfile: Profile, formats: PageFormats.Choice = .init()
  ) throws -> [LessonOutcome] {
    let paths = try lessonPaths()
    // Ctrl-C or SIGTERM stops the compilers and lesson programs too (their own process groups
    // never see the terminal's signal).
    ChildProcesses.stopOnInterrupt()
    let pipeline = try pipeline(
      outputDirectory: outputDirectory, defaultProfile: defaultProfile, formats: formats)
    let display = ProgressDisplay(explain: explain)
    let outcomes = pipeline.render(paths, jobs: jobs) { display.handle($0) }
    display.finish(outcomes)
    return outcomes
  }
}

/// Finding lessons on disk.
enum LessonDirectory {
  /// The course page's file name: the index's title and introduction, not a lesson.
  static let coursePageName = "course.md"

  /// The `*.md` files of `directory` but the course page, sorted by name.
  static func lessons(in directory: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
      .filter { $0.hasSuffix(".md") && $0 != coursePageName }.sorted().map { directory + "/" + $0 }
  }

  /// `course.md` in the directory of the first lesson given (`lessons/` when none is).
  static func coursePage(besideLessons lessons: [String]) -> String {
    let directory =
      lessons.first.map { ($0 as NSString).deletingLastPathComponent } ?? "lessons"
    return (directory.isEmpty ? "." : directory) + "/" + coursePageName
  }
}

/// Locating tools.
enum Subprocesses {
  /// `TICKETBOOK_SWIFTC`, else `swiftc` on the `PATH`.
  static func swiftc(environment: [String: String]) -> String? {
    if let explicit = environment["TICKETBOOK_SWIFTC"], !explicit.isEmpty { return explicit }
    return Executables.onPath(["swiftc"], environment: environment)
  }
}
