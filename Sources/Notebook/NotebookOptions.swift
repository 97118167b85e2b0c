import Foundation
import LabRecords

/// How a render is done: where outputs and the cache go, which profile, which limits.
public struct NotebookOptions: Sendable {
  /// Where pages go (`output/`).
  public var outputDirectory: String
  /// Where cached runs, memoised results and build products go (`.ticketbook-cache/`).
  public var cacheDirectory: String
  /// The profile lessons run in.
  public var profile: Profile
  /// Seconds one execution of a lesson program may take.
  public var timeout: Double?
  /// Whether cached runs may be reused.
  public var useCache: Bool
  /// Whether a failed lesson may replace an existing page.
  public var force: Bool
  /// The Lab library lesson programs compile against.
  public var lab: LabLibrary
  /// The `swiftc` to compile with.
  public var swiftc: String
  /// The Fashion-MNIST directory whose files make the dataset checksum, and the one every lesson
  /// program loads from (the runner sets `LabEnvironment.datasetDirectory` to it).
  public var datasetDirectory: String
  /// Whether lesson programs are compiled with `-O` (see ``RunSettings/optimize``).
  public var optimize: Bool = false
  /// The OpenBLAS kernel family lesson programs will run on (the command line asks OpenBLAS;
  /// empty when unknown): part of the cache key and of the pages' footers.
  public var blasKernels: String = ""
  /// Whether every page holds its stylesheets and fonts (`--self-contained`), rather than
  /// linking the site's shared `assets/`.
  public var selfContained: Bool = false
  /// The course page (`lessons/course.md`): its first heading names the course on the index,
  /// its prose says what the course is. `nil` or missing: the index is titled "Lessons".
  public var coursePage: String?
  /// Whether each lesson also gets a slide deck, `slides/<lesson>.html` (`--slides`).
  public var slides: Bool = false
  /// Which edition of the lessons runs and is shown (``Edition``); the instructor's by default.
  public var edition: Edition = .instructor
  /// The Chromium that prints every page (and deck) to `pdf/` (`--pdf`); `nil`: no PDFs.
  public var pdfChromium: String?

  /// Where file digests are remembered by path, size and modification time; shared by every
  /// cache directory of the user (`$TICKETBOOK_DIGESTS`, else `~/.cache/ticketbook/digests.json`),
  /// so the dataset is hashed once per machine, not once per cache.
  public var digestStore: String = NotebookOptions.defaultDigestStore()
  /// Where `memo` and `memoAll` store results (`--memo-dir`); nil: `memo/` in the cache
  /// directory. A Slurm render needs one every node can read and write.
  public var memoDirectory: String?
  /// How lesson programs run their batches of experiments (`memoAll`).
  public var batches: BatchOptions = BatchOptions()

  /// The directory of memoised results.
  public var resolvedMemoDirectory: String { memoDirectory ?? cacheDirectory + "/memo" }

  /// The default ``digestStore``.
  public static func defaultDigestStore() -> String {
    let environment = ProcessInfo.processInfo.environment
    if let path = environment["TICKETBOOK_DIGESTS"], !path.isEmpty { return path }
    let home = environment["XDG_CACHE_HOME"] ?? (NSHomeDirectory() + "/.cache")
    return home + "/ticketbook/digests.json"
  }

  /// Creates options.
  public init(
    outputDirectory: String, cacheDirectory: String, profile: Profile, timeout: Double?,
    useCache: Bool, force: Bool, lab: LabLibrary, swiftc: String, datasetDirectory: String
  ) {
    self.outputDirectory = outputDirectory
    self.cacheDirectory = cacheDirectory
    self.profile = profile
    self.timeout = timeout
    self.useCache = useCache
    self.force = force
    self.lab = lab
    self.swiftc = swiftc
    self.datasetDirectory = datasetDirectory
  }
}
