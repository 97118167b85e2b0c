import Foundation
import Testing

/// Runs the built `ticketbook` binary as a user would, in a temporary course directory.
@Suite(.serialized)
struct CommandLineTests {
  /// The binary `swift build` put beside the test bundle.
  let binary =
    URL(
      fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        ?? ""
    )
    .deletingLastPathComponent().appendingPathComponent("ticketbook").path

  func run(_ arguments: [String], in directory: String) throws -> (status: Int32, stderr: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    var environment = ProcessInfo.processInfo.environment
    environment["TICKETBOOK_FASHION_MNIST"] = directory + "/no-dataset"
    environment["TICKETBOOK_DATASET_DIR"] = nil
    environment["TICKETBOOK_DIGESTS"] = NSTemporaryDirectory() + "ticketbook-test-digests.json"
    process.environment = environment
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let data = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  func course() throws -> String {
    let directory = NSTemporaryDirectory() + "ticketbook-cli-" + UUID().uuidString
    try FileManager.default.createDirectory(
      atPath: directory + "/lessons", withIntermediateDirectories: true)
    try
      "# One\n\n```swift\nlet n = 3\nshow(n)\n```\n\nThere are `{swift} n`.\n\n```swift\ncheck(n == 3, \"n is three\")\n```\n"
      .write(toFile: directory + "/lessons/01-one.md", atomically: true, encoding: .utf8)
    try "# Two\n\n```swift\ncheck(1 > 2, \"one exceeds two\", measured: \"1 vs 2\")\n```\n"
      .write(toFile: directory + "/lessons/02-two.md", atomically: true, encoding: .utf8)
    return directory
  }

  @Test func renderCheckAndUsageErrorsGiveDocumentedExitCodes() throws {
    #expect(
      FileManager.default.isExecutableFile(atPath: binary), "run `swift build` first: \(binary)")
    let directory = try course()
    // A failing enforced check fails the render, naming file, line and claim; the pages are
    // still written, with the failing badge, and the claims page lists it.
    let render = try run(["render", "--jobs", "2"], in: directory)
    #expect(render.status == 1, "\(render.stderr)")
    for file in ["01-one.html", "01-one.json", "02-two.html", "index.html", "claims.html"] {
      #expect(FileManager.default.fileExists(atPath: directory + "/output/" + file))
    }
    #expect(
      render.stderr.contains(
        "lessons/02-two.md:4: error: check failed: one exceeds two (measured: 1 vs 2)"))
    let failedPage = try String(contentsOfFile: directory + "/output/02-two.html", encoding: .utf8)
    #expect(failedPage.contains("class=\"check fail\""))
    #expect(failedPage.contains("id=\"check-4\""))
    let claims = try String(contentsOfFile: directory + "/output/claims.html", encoding: .utf8)
    #expect(claims.contains("1 of 2 claims hold; 1 failed"))
    #expect(claims.contains("href=\"02-two.html#check-4\""))
    #expect(claims.contains("<td>one exceeds two</td>"))

    let check = try run(["check"], in: directory)
    #expect(check.status == 1)
    #expect(check.stderr.contains("lessons/02-two.md:4: error: check failed: one exceeds two"))

    let usage = try run(["render", "--timeout", "-1"], in: directory)
    #expect(usage.status == 2)
    // Values that pass a positivity test but cannot be waited for are usage errors too, not
    // traps (an infinite or huge timeout used to die converting to milliseconds, exit 132).
    for value in ["inf", "1e300", "nan"] {
      let bad = try run(["render", "--timeout", value], in: directory)
      #expect(bad.status == 2, "--timeout \(value): \(bad.stderr)")
      #expect(bad.stderr.contains("--timeout must be a positive number of seconds"))
    }

    try "# Bad\n\n```swift\nlet x: Int = \"no\"\n```\n"
      .write(toFile: directory + "/lessons/03-bad.md", atomically: true, encoding: .utf8)
    let broken = try run(["render", "--explain"], in: directory)
    #expect(broken.status == 1)
    #expect(broken.stderr.contains("lessons/03-bad.md:4:14: error:"))
    #expect(broken.stderr.contains("lessons/01-one.md: cached run reused (unchanged: code,"))
    // A hit names the OpenBLAS kernels and the dataset it relied on.
    #expect(broken.stderr.contains(", OpenBLAS kernels "))
    #expect(broken.stderr.contains(", dataset "))
  }

  @Test func gradeChecksAreNoClaimsButAWrongSolutionStillFailsRenderAndCheck() throws {
    let directory = try course()
    try FileManager.default.removeItem(atPath: directory + "/lessons/02-two.md")
    let lesson = """
      # Exercise

      ```swift
      let x = 2
      check(x > 1, "x is above one")
      ```

      ```swift
      //| exercise: double
      let y: Int = { fatalError("exercise double") }()
      ```

      ```swift
      //| solution: double
      let y = SOLUTION
      ```

      ```swift
      //| grade: double
      //| points: 2
      check(y == 2 * x, "y doubles x", measured: "y = \\(y)")
      ```

      """
    let path = directory + "/lessons/01-one.md"
    try lesson.replacingOccurrences(of: "SOLUTION", with: "2 * x")
      .write(toFile: path, atomically: true, encoding: .utf8)
    let render = try run(["render"], in: directory)
    #expect(render.status == 0, "\(render.stderr)")
    let claims = try String(contentsOfFile: directory + "/output/claims.html", encoding: .utf8)
    #expect(claims.contains("1 of 1 claim holds"))
    #expect(claims.contains("Exercise grades (instructor&#39;s solutions)"))
    #expect(claims.contains("<td>double</td><td class=\"num\">2</td><td>y doubles x</td>"))
    let index = try String(contentsOfFile: directory + "/output/index.html", encoding: .utf8)
    #expect(index.contains(">1 of 1 claim holds</strong>"))
    #expect(index.contains("1 lesson; 1 of 1 claim holds; 1 of 1 grade check passes"))
    let page = try String(contentsOfFile: directory + "/output/01-one.html", encoding: .utf8)
    #expect(
      page.contains(
        "<span class=\"status pass\">1 of 1 claim holds; 1 of 1 grade check passes</span>"))
    let check = try run(["check"], in: directory)
    #expect(check.status == 0, "\(check.stderr)")
    #expect(check.stderr.contains("1 of 1 checks passed in 1 lessons"))
    #expect(check.stderr.contains("exercise grades: 1 of 1 passed"))

    // A wrong solution fails its grade check: render and check exit 1 naming file and line.
    try lesson.replacingOccurrences(of: "SOLUTION", with: "2 * x + 1")
      .write(toFile: path, atomically: true, encoding: .utf8)
    let wrong = try run(["render"], in: directory)
    #expect(wrong.status == 1)
    #expect(
      wrong.stderr.contains(
        "lessons/01-one.md:21: error: grade check of exercise double failed (its solution does "
          + "not pass): y doubles x (measured: y = 5)"), "\(wrong.stderr)")
    let wrongClaims = try String(
      contentsOfFile: directory + "/output/claims.html", encoding: .utf8)
    #expect(wrongClaims.contains("1 of 1 claim holds; 1 exercise grade failed"))
    let wrongCheck = try run(["check"], in: directory)
    #expect(wrongCheck.status == 1)
    #expect(
      wrongCheck.stderr.contains("lessons/01-one.md:21: error: grade check of exercise double"))
    #expect(wrongCheck.stderr.contains("1 of 1 checks passed in 1 lessons"))
    #expect(wrongCheck.stderr.contains("exercise grades: 0 of 1 passed"))
  }

  @Test func lessonProgramDiesWhenTheRenderIsKilled() throws {
    let directory = try course()
    let pidFile = directory + "/lesson.pid"
    try FileManager.default.removeItem(atPath: directory + "/lessons/02-two.md")
    try """
      # Sleeper

      ```swift
      try "\\(getpid())".write(toFile: "\(pidFile)", atomically: true, encoding: .utf8)
      Thread.sleep(forTimeInterval: 120)
      ```

      """.write(toFile: directory + "/lessons/01-one.md", atomically: true, encoding: .utf8)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = ["render", "--no-cache"]
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    var environment = ProcessInfo.processInfo.environment
    environment["TICKETBOOK_FASHION_MNIST"] = directory + "/no-dataset"
    environment["TICKETBOOK_DATASET_DIR"] = nil
    environment["TICKETBOOK_DIGESTS"] = NSTemporaryDirectory() + "ticketbook-test-digests.json"
    process.environment = environment
    process.standardError = FileHandle.nullDevice
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    // Wait until the lesson program runs (it compiles first).
    var lessonPID: Int32?
    for _ in 0..<600 where lessonPID == nil {
      Thread.sleep(forTimeInterval: 0.1)
      lessonPID = (try? String(contentsOfFile: pidFile, encoding: .utf8)).flatMap { Int32($0) }
    }
    let pid = try #require(lessonPID, "the lesson program never started")
    #expect(Self.isRunning(pid))
    kill(process.processIdentifier, SIGKILL)
    // The lesson program gets the parent-death signal and is gone within seconds, not in 120.
    var gone = false
    for _ in 0..<50 where !gone {
      Thread.sleep(forTimeInterval: 0.1)
      gone = !Self.isRunning(pid)
    }
    #expect(gone, "lesson program \(pid) outlived the killed render")
    if !gone { kill(pid, SIGKILL) }
    process.waitUntilExit()
  }

  /// Whether `pid` is a live process (a zombie waiting to be reaped counts as gone).
  static func isRunning(_ pid: Int32) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else {
      return false
    }
    guard let close = stat.lastIndex(of: ")") else { return false }
    let state = stat[stat.index(close, offsetBy: 2)]
    return state != "Z" && state != "X"
  }

  @Test func listNewAndCleanWork() throws {
    let directory = try course()
    #expect(try run(["new", "03-fresh"], in: directory).status == 0)
    #expect(FileManager.default.fileExists(atPath: directory + "/lessons/03-fresh.md"))
    #expect(try run(["new", "03-fresh"], in: directory).status == 1)
    #expect(try run(["list"], in: directory).status == 0)
    let rendered = try run(["render", "lessons/03-fresh.md"], in: directory)
    #expect(rendered.status == 0, "\(rendered.stderr)")
    #expect(try run(["clean"], in: directory).status == 0)
    #expect(!FileManager.default.fileExists(atPath: directory + "/.ticketbook-cache"))

    // A directory ticketbook did not make is never removed, whatever --out says.
    try FileManager.default.createDirectory(
      atPath: directory + "/mine/keep", withIntermediateDirectories: true)
    let refused = try run(["clean", "--output", "--out", "mine"], in: directory)
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("mine: error: not removed"))
    #expect(FileManager.default.fileExists(atPath: directory + "/mine/keep"))
    // The output directory a render wrote holds the marker, so --output removes it.
    #expect(FileManager.default.fileExists(atPath: directory + "/output/.ticketbook"))
    #expect(try run(["clean", "--output"], in: directory).status == 0)
    #expect(!FileManager.default.fileExists(atPath: directory + "/output"))
  }
}
