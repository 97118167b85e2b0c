import Foundation
import Lottery
import NeuralNet
import Testing

/// Experiments run by value (`ticketbook experiment run`) and lessons' batches (`memoAll`) run
/// as processes, through the built binary, on the real dataset (seconds-long runs).
@Suite(.serialized)
struct BatchCommandTests {
  static let dataset = "/usr/share/datasets/fashion-mnist"

  /// A lesson that runs three seeds of a seconds-long IMP as one batch, then the random
  /// re-initialisation controls (which need the tickets) as a second, and prints every result
  /// to the last digit.
  static let lesson = """
    # Batch

    ```swift
    let base = LotteryConfig(
      model: .mlp(widths: [784, 20, 10]), training: TrainingConfig(length: .epochs(1), evaluateEvery: 5),
      data: DataConfig(validationCount: 200, trainLimit: 300, testLimit: 200), rounds: 2)
    let tickets = try memoAll([0, 1, 2].map { base.with(seed: $0) })
    let controls = try memoAll([0, 1, 2].map { base.with(seed: $0).with(control: .randomReinit) })
    for run in tickets + controls {
      print(run.config.name, run.rounds.map { "\\($0.earlyStopIteration) \\($0.earlyStopAccuracy) \\($0.finalAccuracy)" })
    }
    ```

    """

  func course(_ lesson: String = BatchCommandTests.lesson) throws -> CourseDirectory {
    var course = try CourseDirectory(lessons: ["01-batch.md": lesson])
    course.environment["TICKETBOOK_FASHION_MNIST"] = Self.dataset
    return course
  }

  /// A stored result's payload with every `trainingSeconds` removed, as canonical JSON.
  static func timeless(_ path: String) throws -> String {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    // A checksummed file: a "sha256:…" line, then the payload.
    let payload = data.drop { $0 != UInt8(ascii: "{") }
    func strip(_ value: Any) -> Any {
      if let object = value as? [String: Any] {
        return object.filter { $0.key != "trainingSeconds" }.mapValues(strip)
      }
      if let array = value as? [Any] { return array.map(strip) }
      return value
    }
    let object = strip(try JSONSerialization.jsonObject(with: Data(payload)))
    return String(
      decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]),
      as: UTF8.self)
  }

  /// What one render of the batch lesson gave.
  struct Rendered {
    var stderr: String
    var output: String
    var memo: [String: Bool]
  }

  /// Renders the batch lesson with `arguments` (cache c2, pages o2) and, from an empty cache,
  /// with `--jobs 1`, every experiment inside the lesson program (cache c1, pages o1).
  func renderBothWays(_ course: CourseDirectory, _ arguments: [String]) throws -> (
    Rendered, Rendered
  ) {
    var rendered: [Rendered] = []
    for (options, name) in [(arguments, "2"), (["--jobs", "1"], "1")] {
      let run = try course.run(
        ["render"] + options + ["--cache-dir", "c" + name, "--out", "o" + name]
          + ["lessons/01-batch.md"])
      #expect(run.status == 0, "\(run.stderr)")
      let (output, memo) = try results(course, out: "o" + name)
      rendered.append(Rendered(stderr: run.stderr, output: output, memo: memo))
    }
    return (rendered[0], rendered[1])
  }

  /// The printed output of the lesson's first cell and its memo records (name → hit).
  func results(_ course: CourseDirectory, out: String) throws -> (String, [String: Bool]) {
    let data = try Data(contentsOf: URL(fileURLWithPath: course.path + "/\(out)/01-batch.json"))
    let page = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let run = try #require(page["run"] as? [String: Any])
    let cells = try #require(run["cells"] as? [[String: Any]])
    let stdout = try #require(cells.first?["stdout"] as? String)
    var memo: [String: Bool] = [:]
    for item in (cells.first?["items"] as? [[String: Any]]) ?? [] {
      if let record = item["memo"] as? [String: Any], let name = record["name"] as? String {
        memo[name] = record["hit"] as? Bool
      }
    }
    return (stdout, memo)
  }

  @Test func aBatchRunsAsProcessesWithTheNumbersOfARunInTheLessonsProcess() throws {
    let course = try course()
    let (parallel, serial) = try renderBothWays(course, ["--jobs", "2"])
    let (parallelOutput, parallelMemo) = (parallel.output, parallel.memo)
    let (serialOutput, serialMemo) = (serial.output, serial.memo)
    #expect(parallelOutput.split(separator: "\n").count == 6)
    #expect(parallelOutput == serialOutput)
    // Both renders computed every experiment in this run (processes with two jobs, the lesson
    // program with one): the run logs say so.
    #expect(parallelMemo.count == 6 && parallelMemo.values.allSatisfy { !$0 })
    #expect(serialMemo.count == 6 && serialMemo.values.allSatisfy { !$0 })
    // The stored results are the same bits, wall-clock seconds aside.
    let stored = try FileManager.default.contentsOfDirectory(atPath: course.path + "/c1/memo")
      .filter { $0.hasPrefix("lottery-") && $0.hasSuffix(".json") }
    #expect(stored.count == 6)
    for name in stored {
      let one = try Self.timeless(course.path + "/c1/memo/" + name)
      let two = try Self.timeless(course.path + "/c2/memo/" + name)
      #expect(one == two, "\(name) differs between the in-process and the process run")
    }
    #expect(parallel.stderr.contains("3 experiments in 2 processes"))
    // Nothing of the batches is left behind.
    let left = FileManager.default.enumerator(atPath: course.path + "/c2")?.allObjects
      .compactMap { $0 as? String }.filter { $0.contains("batches/") }
    #expect(left == [])
  }

  @Test func experimentRunStoresWhereALessonsMemoFindsIt() throws {
    var course = try course(
      """
      # Memo

      ```swift
      let c = LotteryConfig(
        model: .mlp(widths: [784, 20, 10]), training: TrainingConfig(length: .epochs(1), evaluateEvery: 5),
        data: DataConfig(validationCount: 200, trainLimit: 300, testLimit: 200), rounds: 1, seed: 7)
      let run = try memo(c) { try LotteryTicket.run(c) }
      print(run.rounds.last!.earlyStopAccuracy)
      ```

      """)
    let config = LotteryConfig(
      model: .mlp(widths: [784, 20, 10]),
      training: TrainingConfig(length: .epochs(1), evaluateEvery: 5),
      data: DataConfig(validationCount: 200, trainLimit: 300, testLimit: 200), rounds: 1, seed: 7)
    let request = course.path + "/request.json"
    try ExperimentRequest(config).json().write(to: URL(fileURLWithPath: request))
    let named = try course.runCapturingOutput(["experiment", "name", request])
    #expect(named.output == config.name + "\n")
    let ran = try course.runCapturingOutput(["experiment", "run", request, "--memo-dir", "store"])
    #expect(ran.status == 0, "\(ran.stderr)")
    #expect(ran.output.contains("experiment \(config.name) stored in"))
    let again = try course.runCapturingOutput(["experiment", "run", request, "--memo-dir", "store"])
    #expect(again.output.contains("was already stored"))
    // The lesson finds it: a memo hit, no training.
    let rendered = try course.run(["render", "--memo-dir", "store", "--out", "o"])
    #expect(rendered.status == 0, "\(rendered.stderr)")
    let data = try Data(contentsOf: URL(fileURLWithPath: course.path + "/o/01-batch.json"))
    let text = String(decoding: data, as: UTF8.self)
    #expect(text.contains("\"hit\":true") || text.contains("\"hit\": true"))
    // A process of another engine build must not store under this build's key.
    course.environment["TICKETBOOK_ENGINE_BUILD"] = "another-build"
    let wrong = try course.runCapturingOutput(["experiment", "run", request, "--memo-dir", "s2"])
    #expect(wrong.status == 1)
    #expect(wrong.stderr.contains("TICKETBOOK_ENGINE_BUILD is another-build"))
  }

  @Test func aFailedExperimentProcessFailsTheLessonNamingTheExperimentAndItsLog() throws {
    let course = try course(
      """
      # Failing batch

      ```swift
      let bad = LotteryConfig(
        model: .mlp(widths: [784, 20, 10]), training: TrainingConfig(length: .epochs(1)),
        data: DataConfig(validationCount: 100_000, trainLimit: 300), rounds: 1)
      _ = try memoAll([0, 1].map { bad.with(seed: $0) })
      ```

      """)
    let rendered = try course.run(["render", "--jobs", "2"])
    #expect(rendered.status == 1)
    #expect(rendered.stderr.contains("lessons/01-batch.md:"))
    #expect(rendered.stderr.contains("2 of 2 experiments of the batch failed: "))
    #expect(rendered.stderr.contains("failed in its process (exit status 1: error: "))
    #expect(rendered.stderr.contains("task-1.log"))
    #expect(rendered.stderr.contains("/batches/"))
    let config = LotteryConfig(
      model: .mlp(widths: [784, 20, 10]), training: TrainingConfig(length: .epochs(1)),
      data: DataConfig(validationCount: 100_000, trainLimit: 300), rounds: 1)
    #expect(rendered.stderr.contains("experiment \(config.name)"))
    #expect(rendered.stderr.contains("experiment \(config.with(seed: 1).name)"))
  }
}

extension BatchCommandTests {
  /// Writes stand-ins for Slurm's commands into `directory`: `sbatch` talks on standard error
  /// as site plugins do, prints "4242;cluster", and runs the array's tasks one after another in
  /// the background after 7 seconds in the queue; `squeue` fails its first two calls (a controller that times out), then
  /// lists the array while its tasks run; `scancel` records its arguments.
  static func fakeSlurm(in directory: String) throws {
    let scripts = [
      "sbatch": #"""
      #!/bin/bash
      echo "sbatch: notice: a site plugin says hello" >&2
      for a in "$@"; do
        case "$a" in
          --array=*) range="${a#--array=}" ;;
          --output=*) out="${a#--output=}" ;;
          --job-name=*) echo "${a#--job-name=}" > "$FAKE_SLURM/jobname" ;;
        esac
        script="$a"
      done
      touch "$FAKE_SLURM/running"
      (
        # Like Slurm's daemons, hold nothing of sbatch's caller: Foundation's Process sees
        # its child end when every holder of a descriptor it passed down is gone.
        for fd in /proc/self/fd/*; do
          n=${fd##*/}
          if [ "$n" -gt 2 ] && [ "$n" -ne 255 ]; then eval "exec $n>&-"; fi
        done 2> /dev/null
        # Queued for a while, so the lesson has to ask squeue.
        sleep 7
        for i in $(seq 0 "${range#0-}"); do
          log="${out//%A/4242}"
          SLURM_ARRAY_TASK_ID=$i sh "$script" > "${log//%a/$i}" 2>&1
        done
        rm -f "$FAKE_SLURM/running"
      ) > /dev/null 2>&1 &
      echo "4242;cluster"
      """#,
      "squeue": #"""
      #!/bin/bash
      calls=$(cat "$FAKE_SLURM/squeue-calls" 2>/dev/null || echo 0)
      echo $((calls + 1)) > "$FAKE_SLURM/squeue-calls"
      if [ "$calls" -lt 2 ]; then echo "squeue: error: Socket timed out" >&2; exit 1; fi
      if [ -e "$FAKE_SLURM/running" ]; then echo "4242_0"; fi
      """#,
      "scancel": #"""
      #!/bin/bash
      echo "$@" >> "$FAKE_SLURM/scancel.log"
      """#,
    ]
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    for (name, text) in scripts {
      let path = directory + "/" + name
      try text.write(toFile: path, atomically: true, encoding: .utf8)
      chmod(path, 0o755)
    }
  }

  @Test func aSlurmBatchSurvivesSiteNoiseAndAFlakyQueueAndIsCancelledByTheRendersName()
    throws
  {
    var course = try course()
    let fake = course.path + "/fake-slurm"
    try Self.fakeSlurm(in: fake)
    course.environment["FAKE_SLURM"] = fake
    course.environment["PATH"] =
      fake + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
    let (slurm, local) = try renderBothWays(
      course, ["--executor", "slurm", "--memo-dir", "shared"])
    // The tasks computed all six experiments (two arrays), with the numbers of a local run.
    #expect(slurm.output == local.output)
    #expect(slurm.memo.count == 6 && slurm.memo.values.allSatisfy { !$0 })
    #expect(slurm.stderr.contains("experiments in Slurm job array 4242"))
    // squeue failed twice and the batch went on; the arrays carry the render's name, by which
    // the render cancelled what was left when it ended.
    let calls =
      Int(
        (try String(contentsOfFile: fake + "/squeue-calls", encoding: .utf8))
          .trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    #expect(calls >= 2)
    let name = try String(contentsOfFile: fake + "/jobname", encoding: .utf8)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(name.hasPrefix("ticketbook-"))
    let cancelled = (try? String(contentsOfFile: fake + "/scancel.log", encoding: .utf8)) ?? ""
    #expect(cancelled.contains("--name=\(name) --user="))
  }

  /// The pids of `ticketbook experiment run` processes whose command line mentions `path`.
  static func experimentProcesses(under path: String) -> [Int32] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap { Int32($0) }.filter { pid in
      guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else {
        return false
      }
      let words = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
      return words.count > 3 && words[1] == "experiment" && words[2] == "run"
        && words[3].hasPrefix(path) && CommandLineTests.isRunning(pid)
    }
  }

  @Test(arguments: [SIGINT, SIGTERM])
  func anInterruptedRenderStopsItsExperimentProcesses(_ signalNumber: Int32) throws {
    let course = try course(
      """
      # Long batch

      ```swift
      let long = LotteryConfig(
        model: .lenet300100, training: TrainingConfig(length: .epochs(50), evaluateEvery: 500),
        data: DataConfig(trainLimit: 20_000), rounds: 5)
      _ = try memoAll([0, 1, 2].map { long.with(seed: $0) })
      ```

      """)
    let render = try course.start(["render", "--jobs", "2"])
    var running: [Int32] = []
    for _ in 0..<600 where running.count < 2 {
      Thread.sleep(forTimeInterval: 0.1)
      running = Self.experimentProcesses(under: course.path)
    }
    #expect(running.count == 2, "two experiment processes should have started")
    kill(render.processIdentifier, signalNumber)
    render.waitUntilExit()
    let gone = CourseDirectory.wait(seconds: 5) {
      Self.experimentProcesses(under: course.path).isEmpty
    }
    #expect(gone, "experiment processes outlived the interrupted render")
    for pid in Self.experimentProcesses(under: course.path) { kill(pid, SIGKILL) }
  }
}
