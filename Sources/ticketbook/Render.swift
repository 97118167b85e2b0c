import ArgumentParser
import Foundation
import Notebook

/// `ticketbook render`: runs lessons and writes their pages.
struct Render: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run lessons and write output/<lesson>.html, .json and index.html.",
    discussion: """
      Exit status: 0 when every lesson compiled and ran and every enforced check passed, 1 \
      when a lesson failed (compile error, crash, time-out) or an enforced check failed (the \
      pages are still written, with the failing badge, and each failure is reported with its \
      file, line and claim), 2 for a usage error.
      """)

  @OptionGroup var notebook: NotebookArguments

  @Option(help: "Directory for the pages.")
  var out: String = "output"

  @OptionGroup var formats: PageFormats

  @Option(
    help: """
      instructor (default: solutions run, folded on the page) or student (solutions left out; \
      exercise and grade cells shown, not run).
      """)
  var edition: EditionName = .instructor

  func run() throws {
    var choice = formats.choice
    choice.edition = edition == .student ? .student : .instructor
    let outcomes = try notebook.render(
      outputDirectory: out, defaultProfile: .full, formats: choice)
    var failed = outcomes.contains { !$0.succeeded }
    for outcome in outcomes {
      for message in Report.failures(of: outcome) {
        Terminal.error(message)
        failed = true
      }
    }
    if failed { throw ExitCode.failure }
  }
}

/// `ticketbook check`: runs lessons and fails when a claim fails.
struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run lessons (quick profile by default) and fail when any check fails.",
    discussion: """
      Pages go to .ticketbook-cache/check unless --out says otherwise, so a quick check never \
      replaces the published pages in output/. Exit status: 0 when every lesson ran and every \
      check passed, 1 otherwise, 2 for a usage error.
      """)

  @OptionGroup var notebook: NotebookArguments

  @Option(help: "Directory for the pages (default: <cache-dir>/check).")
  var out: String?

  func run() throws {
    let outcomes = try notebook.render(
      outputDirectory: out ?? notebook.cacheDir + "/check", defaultProfile: .quick)
    var failed = outcomes.contains { !$0.succeeded }
    for outcome in outcomes {
      for message in Report.failures(of: outcome) {
        Terminal.error(message)
        failed = true
      }
    }
    for line in Report.summary(of: outcomes) { Terminal.error(line) }
    if failed { throw ExitCode.failure }
  }
}

/// Messages about checks.
enum Report {
  /// One error line per enforced claim or exercise grade check of `outcome` that failed.
  static func failures(of outcome: LessonOutcome) -> [String] {
    outcome.failedChecks.map { failedCheck($0, severity: "error") }
      + outcome.failedGrades.map {
        failedCheck(
          $0.check, severity: "error",
          what: "grade check of exercise \($0.exercise ?? "") failed (its solution does not pass)")
      }
  }

  /// `check`'s summary: `16 of 17 checks passed in 6 lessons`, and when the lessons have
  /// exercises, `exercise grades: 3 of 3 passed` on a line of its own (grade checks are not
  /// claims, so they are not counted with them).
  static func summary(of outcomes: [LessonOutcome]) -> [String] {
    let checks = outcomes.flatMap(\.checks)
    let unenforced = checks.filter { !$0.enforced }.count
    let enforced = checks.count - unenforced
    let failed = checks.filter(\.failed).count
    var lines = [
      "\(enforced - failed) of \(enforced) checks passed in \(outcomes.count) lessons"
        + (unenforced > 0 ? "; \(unenforced) more are enforced only in another profile" : "")
    ]
    let grades = outcomes.flatMap(\.grades).map(\.check)
    if !grades.isEmpty {
      let enforcedGrades = grades.filter(\.enforced)
      var line =
        "exercise grades: \(enforcedGrades.filter(\.passed).count) of \(enforcedGrades.count) passed"
      let other = grades.count - enforcedGrades.count
      if other > 0 { line += "; \(other) more are enforced only in another profile" }
      lines.append(line)
    }
    return lines
  }

  /// `lessons/x.md:57: error: check failed: claim (measured: …)`.
  static func failedCheck(
    _ check: CheckRecord, severity: String, what: String = "check failed"
  ) -> String {
    var text = "\(check.file):\(check.line): \(severity): \(what): \(check.claim)"
    if !check.measured.isEmpty { text += " (measured: \(check.measured))" }
    return text
  }
}

/// `ticketbook site`: writes the pages again from their stored values, running no lesson.
struct SiteCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "site",
    abstract: "Write every page, the index and the claims page again from <out>/*.json.",
    discussion: """
      Runs no lesson: the pages are rendered from the values a render stored beside them, with \
      this build's page layout, plots and KaTeX. Useful after upgrading ticketbook, or to switch \
      between linked assets and --self-contained pages. Exit status: 0, or 1 when a page \
      could not be written.
      """)

  @Option(help: "Directory of the pages.")
  var out: String = "output"

  @OptionGroup var formats: PageFormats

  @Option(help: "Directory for cached runs, memoised results and builds.")
  var cacheDir: String = ".ticketbook-cache"

  func run() throws {
    guard FileManager.default.fileExists(atPath: out) else {
      throw ValidationError("\(out) does not exist: render the lessons first")
    }
    var arguments = try NotebookArguments.parse(["--cache-dir", cacheDir])
    arguments.lessons = []
    let pipeline = try arguments.pipeline(
      outputDirectory: out, defaultProfile: .full, formats: formats.choice)
    if !pipeline.writeSite() { throw ExitCode.failure }
  }
}

/// What `render` and `site` write besides the pages.
struct PageFormats: ParsableArguments {
  /// The flags as plain values (an unparsed `PageFormats` cannot be read, so commands without
  /// these flags, like `check`, pass the default choice).
  struct Choice {
    var selfContained = false
    var slides = false
    var pdf = false
    var edition: Edition = .instructor

    /// Sets the options; exits 1 when `--pdf` is asked and Chromium is missing.
    func apply(to options: inout NotebookOptions, environment: [String: String]) throws {
      options.selfContained = selfContained
      options.slides = slides
      options.edition = edition
      if pdf {
        guard let chromium = PDFPrinter.findChromium(environment) else {
          Terminal.error(PDFPrinter.missing)
          throw ExitCode.failure
        }
        options.pdfChromium = chromium
      }
    }
  }

  /// The parsed flags.
  var choice: Choice { Choice(selfContained: selfContained, slides: slides, pdf: pdf) }

  @Flag(
    help: """
      Write single-file pages that hold their stylesheets and fonts, for sharing one lesson \
      (by default pages link the shared files under <out>/assets/).
      """)
  var selfContained = false

  @Flag(help: "Also write each lesson as a slide deck, <out>/slides/<lesson>.html.")
  var slides = false

  @Flag(
    help: """
      Also print every lesson page (and, with --slides, every deck) to <out>/pdf/ with \
      headless Chromium.
      """)
  var pdf = false
}
