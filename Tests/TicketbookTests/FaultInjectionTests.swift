import Foundation
import Testing

/// SIGKILL of a render at chosen moments, corrupt stored entries and a full disk, each against
/// the built `ticketbook`: published pages are never partial (each file in output/ holds its
/// previous bytes or the complete new ones), nothing is lost, and the next render succeeds and
/// leaves no temporary file behind.
@Suite(.serialized)
struct FaultInjectionTests {
  /// Lesson 1 memoises a result; when `FAULT_MEMO_MARKER` is set, its computation writes the
  /// lesson program's pid there and then runs for two minutes (a long experiment).
  static func lessonOne(config: Int = 1, prose: String = "The answer is") -> String {
    """
    # One

    ```swift
    let value = try memo("slow", config: \(config)) { () -> Int in
      if let marker = ProcessInfo.processInfo.environment["FAULT_MEMO_MARKER"] {
        try "\\(getpid())".write(toFile: marker, atomically: true, encoding: .utf8)
        Thread.sleep(forTimeInterval: 120)
      }
      return 42
    }
    show(value)
    ```

    \(prose) `{swift} value`.

    """
  }

  static func lessonTwo(_ value: Int = 2) -> String {
    "# Two\n\n```swift\nshow(\(value))\n```\n"
  }

  /// A course rendered once: its published output files.
  func published() throws -> (CourseDirectory, [String: Data]) {
    let course = try CourseDirectory(lessons: [
      "01-one.md": Self.lessonOne(), "02-two.md": Self.lessonTwo(),
    ])
    let first = try course.run(["render"])
    #expect(first.status == 0, "\(first.stderr)")
    let files = course.files(under: "output")
    #expect(files["01-one.html"] != nil && files["02-two.html"] != nil)
    return (course, files)
  }

  /// After a killed render: every file in output/ holds its published bytes or the complete
  /// bytes the next render writes; no file is partial or new-and-unfinished. Then the next
  /// render succeeds and leaves no temporary file in output/ or the cache.
  func expectNothingPartial(
    _ course: CourseDirectory, published: [String: Data], unchanged: [String],
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let killed = course.files(under: "output")
    for name in unchanged {
      #expect(killed[name] == published[name], "\(name) changed", sourceLocation: sourceLocation)
    }
    var next = course
    next.environment = [:]
    let again = try next.run(["render"])
    #expect(again.status == 0, "\(again.stderr)", sourceLocation: sourceLocation)
    let final = course.files(under: "output")
    for (name, bytes) in killed where !course.temporaryFiles(under: "output").contains(name) {
      guard !(name as NSString).lastPathComponent.hasPrefix(".") else { continue }
      #expect(
        bytes == published[name] || bytes == final[name], "\(name) was left partial",
        sourceLocation: sourceLocation)
    }
    #expect(course.temporaryFiles(under: "output") == [], sourceLocation: sourceLocation)
    #expect(
      course.temporaryFiles(under: ".ticketbook-cache") == [], sourceLocation: sourceLocation)
  }

  @Test func killDuringCompileChangesNoPage() throws {
    var (course, published) = try published()
    try course.write(lesson: "02-two.md", Self.lessonTwo(3))
    let marker = try Self.slowCompiler(in: &course)
    let render = try course.start(["render"])
    let compiler = Self.pid(in: marker)
    kill(render.processIdentifier, SIGKILL)
    // swiftc is not killed with a renderer killed outright (it runs in a process group of its
    // own, without a parent-death signal): the test ends the stand-in's group itself.
    if let compiler { kill(-compiler, SIGKILL) }
    render.waitUntilExit()
    #expect(compiler != nil, "the compiler never started")
    try expectNothingPartial(
      course, published: published, unchanged: Array(published.keys))
  }

  @Test func killDuringAMemoisedExperimentChangesNoPage() throws {
    var (course, published) = try published()
    try course.write(lesson: "01-one.md", Self.lessonOne(config: 2))
    let marker = course.path + "/experiment"
    course.environment["FAULT_MEMO_MARKER"] = marker
    let render = try course.start(["render"])
    let started = CourseDirectory.wait(seconds: 120) {
      FileManager.default.fileExists(atPath: marker)
    }
    kill(render.processIdentifier, SIGKILL)
    render.waitUntilExit()
    #expect(started, "the experiment never started")
    try expectNothingPartial(
      course, published: published, unchanged: Array(published.keys))
    // The interrupted experiment stored nothing; the next render computed it.
    let final = try String(contentsOfFile: course.path + "/output/01-one.html", encoding: .utf8)
    #expect(final.contains("42"))
  }

  @Test func killWhileWritingAPageLeavesItWhole() throws {
    var (course, published) = try published()
    try course.write(lesson: "01-one.md", Self.lessonOne(prose: "The stored answer is"))
    // The writer of 01-one.html stops with its temporary file written, not yet renamed.
    course.environment["TICKETBOOK_TEST_STALL_WRITE"] = "01-one.html"
    let render = try course.start(["render"])
    let stalled = CourseDirectory.wait(seconds: 120) {
      course.temporaryFiles(under: "output").contains { $0.hasPrefix(".01-one.html.") }
    }
    kill(render.processIdentifier, SIGKILL)
    render.waitUntilExit()
    #expect(stalled, "the page write never started")
    try expectNothingPartial(course, published: published, unchanged: ["01-one.html"])
    let final = try String(contentsOfFile: course.path + "/output/01-one.html", encoding: .utf8)
    #expect(final.contains("The stored answer is"))
  }

  @Test func corruptCacheAndMemoEntriesAreRecomputedWithWarnings() throws {
    let (course, _) = try published()
    let cache = course.path + "/.ticketbook-cache"
    let memo = try #require(
      FileManager.default.contentsOfDirectory(atPath: cache + "/memo").first {
        $0.hasPrefix("slow") && $0.hasSuffix(".json")
      })
    // `render` runs the full profile.
    let entry = cache + "/results/01-one.full.json"
    for path in [entry, cache + "/memo/" + memo] {
      var bytes = try #require(FileManager.default.contents(atPath: path))
      bytes[bytes.count - 2] ^= 0x01
      try bytes.write(to: URL(fileURLWithPath: path))
    }
    let render = try course.run(["render"])
    #expect(render.status == 0, "\(render.stderr)")
    #expect(
      render.stderr.contains(
        "lessons/01-one.md: warning: the cached run was corrupt (.ticketbook-cache/results/01-one.full.json)"
      ), "\(render.stderr)")
    #expect(
      render.stderr.contains("lessons/01-one.md:3: warning: memo slow: the stored result "),
      "\(render.stderr)")
    let page = try String(contentsOfFile: course.path + "/output/01-one.html", encoding: .utf8)
    #expect(page.contains("42"))
    // Both were stored again: the next render reuses them without a word.
    let again = try course.run(["render"])
    #expect(again.status == 0 && !again.stderr.contains("warning"), "\(again.stderr)")
  }

  @Test func fullDiskGivesAClearErrorAndLosesNothing() throws {
    let (course, published) = try published()
    try course.write(lesson: "01-one.md", Self.lessonOne(prose: "The stored answer is"))
    // A file-size limit below the page's size, SIGXFSZ ignored, as on a full disk: the page's
    // write fails with EFBIG.
    let size = try #require(published["01-one.html"]?.count)
    let blocks = max(1, size / 2 / 512)
    let limited = try course.run(
      [
        "-c", "ulimit -f \(blocks) && trap '' XFSZ && exec \"$0\" render",
        CourseDirectory.binary,
      ], executable: "/bin/sh")
    #expect(limited.status == 1, "\(limited.stderr)")
    #expect(
      limited.stderr.contains(
        "\(course.path)/output/01-one.html: File too large")
        || limited.stderr.contains(
          "output/01-one.html: error: cannot write the page: cannot write"),
      "\(limited.stderr)")
    #expect(limited.stderr.contains("File too large"), "\(limited.stderr)")
    try expectNothingPartial(course, published: published, unchanged: ["01-one.html"])
  }

  /// Sets the course's `TICKETBOOK_SWIFTC` to a stand-in for swiftc that answers `--version`
  /// at once and, asked to compile, writes its pid to the returned marker file, then takes a
  /// minute before compiling.
  static func slowCompiler(in course: inout CourseDirectory) throws -> String {
    let marker = course.path + "/compiling"
    let swiftc = try #require(Self.swiftc(), "no swiftc on PATH")
    let wrapper = course.path + "/slow-swiftc"
    try """
    #!/bin/sh
    [ "$1" = --version ] && exec "\(swiftc)" "$@"
    echo $$ > "\(marker)"
    sleep 60
    exec "\(swiftc)" "$@"
    """.write(toFile: wrapper, atomically: true, encoding: .utf8)
    chmod(wrapper, 0o755)
    course.environment["TICKETBOOK_SWIFTC"] = wrapper
    return marker
  }

  /// The pid in `marker`, once it is there (up to a minute).
  static func pid(in marker: String) -> Int32? {
    var pid: Int32?
    _ = CourseDirectory.wait(seconds: 60) {
      pid = (try? String(contentsOfFile: marker, encoding: .utf8))
        .flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
      return pid != nil
    }
    return pid
  }

  @Test(arguments: [SIGINT, SIGTERM])
  func anInterruptedRenderStopsTheCompilerItStarted(_ signalNumber: Int32) throws {
    var course = try CourseDirectory(lessons: ["01-one.md": Self.lessonTwo()])
    let marker = try Self.slowCompiler(in: &course)
    let render = try course.start(["render"])
    let compiler = try #require(Self.pid(in: marker), "the compiler never started")
    kill(render.processIdentifier, signalNumber)
    render.waitUntilExit()
    #expect(render.terminationReason == .uncaughtSignal)
    #expect(render.terminationStatus == signalNumber)
    // The stand-in (in its own process group, which a terminal's Ctrl-C never reaches) is gone
    // within seconds, not after its minute.
    let gone = CourseDirectory.wait(seconds: 5) { !CommandLineTests.isRunning(compiler) }
    #expect(gone, "the compiler \(compiler) outlived the interrupted render")
    if !gone { kill(-compiler, SIGKILL) }
  }

  @Test func twoRendersSharingACacheTakeTurnsOnALesson() throws {
    // Each run of the lesson appends its start and end times (seconds) and shows the tag of the
    // render that started it.
    let course = try CourseDirectory(lessons: [
      "01-one.md": """
      # Shared

      ```swift
      let times = ProcessInfo.processInfo.environment["TIMES_FILE"]!
      let start = Date().timeIntervalSince1970
      Thread.sleep(forTimeInterval: 3)
      let line = "\\(start) \\(Date().timeIntervalSince1970)\\n"
      let handle = FileHandle(forWritingAtPath: times) ?? {
        FileManager.default.createFile(atPath: times, contents: nil)
        return FileHandle(forWritingAtPath: times)!
      }()
      handle.seekToEndOfFile()
      handle.write(Data(line.utf8))
      show(ProcessInfo.processInfo.environment["RENDER_TAG"] ?? "none")
      ```

      """
    ])
    var renders: [Process] = []
    for tag in ["first", "second"] {
      var tagged = course
      tagged.environment["RENDER_TAG"] = tag
      tagged.environment["TIMES_FILE"] = course.path + "/times"
      renders.append(
        try tagged.start(
          ["render", "--no-cache", "--cache-dir", "shared-cache", "--out", "out-" + tag],
          log: tag + ".log"))
    }
    for render in renders { render.waitUntilExit() }
    for (tag, render) in zip(["first", "second"], renders) {
      let log = (try? String(contentsOfFile: course.path + "/\(tag).log", encoding: .utf8)) ?? ""
      #expect(render.terminationStatus == 0, "\(tag): \(log)")
      let page = try String(
        contentsOfFile: course.path + "/out-\(tag)/01-one.json", encoding: .utf8)
      #expect(page.contains("\"\(tag)\""), "the \(tag) render's page shows another run")
    }
    // The two runs of the lesson did not overlap: the later render waited for the earlier.
    let runs = try String(contentsOfFile: course.path + "/times", encoding: .utf8)
      .split(separator: "\n").map { $0.split(separator: " ").compactMap { Double($0) } }
      .sorted { $0[0] < $1[0] }
    #expect(runs.count == 2)
    if runs.count == 2 { #expect(runs[1][0] >= runs[0][1], "\(runs)") }
  }

  /// `swiftc` on the PATH.
  static func swiftc() -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").map { "\($0)/swiftc" }.first {
      FileManager.default.isExecutableFile(atPath: $0)
    }
  }
}
