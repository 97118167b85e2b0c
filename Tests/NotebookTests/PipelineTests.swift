import Foundation
import Testing

@testable import Notebook

/// End to end: parse → generate → compile → run → render, against the Lab library built by
/// `swift build`.
@Suite(.serialized)
struct PipelineTests {
  @Test func fixtureLessonUsingEveryFeatureRendersEndToEnd() throws {
    let (directory, outcome) = try TestSupport.renderFixture()
    #expect(outcome.succeeded, "\(outcome.messages)")

    let html = TestSupport.read(directory + "/output/every-feature.html")
    let data = try #require(
      FileManager.default.contents(atPath: directory + "/output/every-feature.json"))
    let page = try JSONDecoder().decode(LessonPage.self, from: data)
    let cells = page.run.cells

    // show, stdout and stderr, captured per cell and escaped.
    #expect(cells[0].stdout == "stdout says <b>hi</b> & bye\n")
    #expect(html.contains("stdout says &lt;b&gt;hi&lt;/b&gt; &amp; bye"))
    #expect(cells[0].items.contains(.shown(label: "values", text: "[1, 2, 3.5]")))
    #expect(!html.contains("<script>"))
    #expect(cells[1].stderr == "to stderr\n")
    // Inline values, escaped, in order.
    #expect(page.run.inlines == ["2.16667", "quick", "<i>not italic</i>"])
    #expect(html.contains("<span class=\"inline-value\">&lt;i&gt;not italic&lt;/i&gt;</span>"))
    // Tables from Codable records and from strings; numeric columns aligned.
    #expect(html.contains("<td>dense &lt;net&gt;</td><td class=\"num\">88.125</td>"))
    #expect(html.contains("<td>&lt;td&gt;</td>"))
    // The plot with its caption, numbered.
    #expect(html.contains("<figcaption>Figure 1: A &lt;bar&gt; chart</figcaption>"))
    #expect(html.contains("<svg"))
    // Checks: one passes, one fails, both with their Markdown lines.
    let checks = page.run.checks
    #expect(checks.map(\.passed) == [true, false])
    #expect(checks.map(\.line) == [27, 28])
    #expect(checks.allSatisfy { $0.file == directory + "/lessons/every-feature.md" })
    #expect(outcome.failedChecks.map(\.claim) == ["the mean is above five"])
    // memo and progress.
    #expect(cells[1].items.contains(.shown(label: "square", text: "49")))
    #expect(cells[1].items.contains(.progress(label: "steps", done: 4, total: 4)))
    #expect(
      cells[1].items.contains {
        if case .memo(let name, _, _) = $0 { return name == "square" }
        return false
      })
    // error: true cells: a trap and a thrown error, shown, and the program went on.
    #expect(cells[2].stdout == "before the trap\n")
    #expect(cells[2].error?.contains("Fatal error: Index out of range") == true)
    #expect(cells[3].error?.contains("Oops") == true)
    #expect(cells[4].started == false)
    #expect(cells[5].stdout == "after the failures, mean is still 2.1666666666666665\n")
    // echo: false hides the code but not the output.
    #expect(!html.contains("after the failures, mean is still \\(mean)"))
    #expect(html.contains("after the failures, mean is still 2.1666666666666665"))
    // The python block is shown, not run; raw HTML in prose is not passed through.
    #expect(
      html.contains("<code class=\"language-python\">print(&quot;shown, never run&quot;)</code>"))
    #expect(!html.contains("alert(1)</script>"))
    // The index lists the lesson with its claim status.
    let index = TestSupport.read(directory + "/output/index.html")
    #expect(index.contains("every-feature.html"))
    #expect(index.contains("1 of 2 claims hold"))
    // The page was rendered from the run's values; rendered again from its stored JSON, it is
    // the same bytes.
    try TestSupport.pipeline(in: directory).writeSite()
    #expect(TestSupport.read(directory + "/output/every-feature.html") == html)
    #expect(TestSupport.read(directory + "/output/index.html") == index)
  }

  @Test func storedPagesOfLessonsNotRenderedThisTimeJoinTheSite() throws {
    let directory = try TestSupport.temporaryDirectory()
    let one = try TestSupport.write(
      "# One\n\nThe first.\n", to: "lessons/01-one.md", in: directory)
    let two = try TestSupport.write(
      "# Two\n\nThe second.\n", to: "lessons/02-two.md", in: directory)
    let pipeline = TestSupport.pipelineWithoutLab(in: directory)
    #expect(pipeline.render([one], jobs: 1)[0].pageWritten)
    #expect(!TestSupport.read(directory + "/output/01-one.html").contains("class=\"pager\""))
    // Rendering lesson two alone: lesson one's stored page is part of the site, and its page
    // gets its link to the new lesson.
    #expect(pipeline.render([two], jobs: 1)[0].pageWritten)
    #expect(
      TestSupport.read(directory + "/output/02-two.html").contains(
        "rel=\"prev\" href=\"01-one.html\""))
    #expect(
      TestSupport.read(directory + "/output/01-one.html").contains(
        "rel=\"next\" href=\"02-two.html\""))
    let index = TestSupport.read(directory + "/output/index.html")
    #expect(index.contains("The first.") && index.contains("The second."))
    #expect(FileManager.default.fileExists(atPath: directory + "/output/" + ClaimsPage.file))
  }

  @Test func aFileIsOnlyReplacedWhenItsBytesChange() throws {
    let directory = try TestSupport.temporaryDirectory()
    let path = try TestSupport.write("# Same\n\nText.\n", to: "lessons/same.md", in: directory)
    let pipeline = TestSupport.pipelineWithoutLab(in: directory)
    let files = ["same.html", "same.json", "index.html", ClaimsPage.file].map {
      directory + "/output/" + $0
    }
    // An atomic write renames a new file over the old one: a new inode.
    func inodes() throws -> [UInt64] {
      try files.map {
        try #require(
          (try FileManager.default.attributesOfItem(atPath: $0)[.systemFileNumber] as? NSNumber)?
            .uint64Value)
      }
    }
    _ = pipeline.render([path], jobs: 1)
    let first = try inodes()
    _ = pipeline.render([path], jobs: 1)
    #expect(try inodes() == first)
    _ = try TestSupport.write("# Same\n\nOther text.\n", to: "lessons/same.md", in: directory)
    _ = pipeline.render([path], jobs: 1)
    let changed = try inodes()
    #expect(changed[0] != first[0] && changed[1] != first[1] && changed[2] != first[2])
    #expect(changed[3] == first[3])
  }

  @Test func aPageThatCannotBeWrittenFailsItsLesson() throws {
    let directory = try TestSupport.temporaryDirectory()
    let path = try TestSupport.write(
      "# Blocked\n\nText.\n", to: "lessons/blocked.md", in: directory)
    // A directory where the page should go: renaming the new page over it fails.
    try FileManager.default.createDirectory(
      atPath: directory + "/output/blocked.html/inside", withIntermediateDirectories: true)
    let outcome = TestSupport.pipelineWithoutLab(in: directory).render([path], jobs: 1)[0]
    #expect(!outcome.succeeded && !outcome.pageWritten)
    #expect(
      outcome.messages.last?.hasPrefix(
        directory + "/output/blocked.html: error: cannot write the page") == true,
      "\(outcome.messages)")
  }

  @Test func courseSwiftFileIsCompiledIntoEveryLessonAndPartOfTheCacheKey() throws {
    let directory = try TestSupport.temporaryDirectory()
    _ = try TestSupport.write(
      "/// Shared by every lesson.\nlet courseSeeds: [UInt64] = [0, 1, 2]\nfunc twice(_ x: Int) -> Int { 2 * x }\n",
      to: "lessons/course.swift", in: directory)
    let one = try TestSupport.write(
      "# One\n\n```swift\ncheck(twice(courseSeeds.count) == 6, \"shared code runs\")\n```\n",
      to: "lessons/01-one.md", in: directory)
    let two = try TestSupport.write(
      "# Two\n\n```swift\nshow(twice(21), label: \"answer\")\n```\n", to: "lessons/02-two.md",
      in: directory)
    let pipeline = try TestSupport.pipeline(in: directory)
    let outcomes = pipeline.render([one, two], jobs: 1)
    let messages = outcomes.map(\.messages)
    #expect(outcomes.allSatisfy { $0.succeeded }, "\(messages)")
    #expect(outcomes[0].checks.map(\.passed) == [true])

    // Editing the course file re-runs the lessons that use it.
    _ = try TestSupport.write(
      "let courseSeeds: [UInt64] = [0, 1]\nfunc twice(_ x: Int) -> Int { 2 * x }\n",
      to: "lessons/course.swift", in: directory)
    let again = pipeline.render([one], jobs: 1)[0]
    #expect(!again.cached)
    #expect(again.explanation.contains("code"))
    #expect(again.checks.map(\.passed) == [false])

    // An error in the course file names the course file and its line.
    _ = try TestSupport.write(
      "let courseSeeds: [UInt64] = [0, 1]\nlet broken: Int = \"no\"\nfunc twice(_ x: Int) -> Int { 2 * x }\n",
      to: "lessons/course.swift", in: directory)
    let broken = pipeline.render([one], jobs: 1)[0]
    #expect(!broken.succeeded)
    #expect(
      broken.messages.contains { $0.contains("lessons/course.swift:2:") }, "\(broken.messages)")
  }

  @Test func changedDatasetRunsTheLessonAgainAndExplainSaysSo() throws {
    let directory = try TestSupport.temporaryDirectory()
    let path = try TestSupport.write(
      "# D\n\n```swift\nshow(1)\n```\n", to: "lessons/d.md", in: directory)
    // A pipeline whose dataset directory holds one file; the digest store is per test, so a
    // rewritten file is hashed again.
    func pipeline() throws -> Pipeline {
      var options = NotebookOptions(
        outputDirectory: directory + "/output", cacheDirectory: directory + "/cache",
        profile: .quick, timeout: 120, useCache: true, force: false,
        lab: try TestSupport.labLibrary(), swiftc: TestSupport.swiftc,
        datasetDirectory: directory + "/data")
      options.digestStore = directory + "/digests.json"
      return Pipeline(options: options)
    }
    _ = try TestSupport.write("images, first copy", to: "data/train-images", in: directory)
    #expect(try pipeline().render([path], jobs: 1)[0].cached == false)
    #expect(try pipeline().render([path], jobs: 1)[0].cached == true)
    _ = try TestSupport.write("images, another copy!", to: "data/train-images", in: directory)
    let again = try pipeline().render([path], jobs: 1)[0]
    #expect(again.cached == false)
    #expect(again.explanation.contains("the dataset (checksum"), "\(again.explanation)")
  }

  @Test func proseEditReusesCachedRunAndRendersSameBytes() throws {
    let directory = try TestSupport.temporaryDirectory()
    let text = "# Cache\n\nFirst.\n\n```swift\nlet x = 6 * 7\ncheck(x == 42, \"x is 42\")\n```\n"
    let path = try TestSupport.write(text, to: "lessons/cache.md", in: directory)
    let pipeline = try TestSupport.pipeline(in: directory)
    let first = pipeline.render([path], jobs: 1)[0]
    #expect(first.succeeded && !first.cached)
    let bytes = TestSupport.read(directory + "/output/cache.html")
    let again = pipeline.render([path], jobs: 1)[0]
    #expect(again.cached)
    #expect(TestSupport.read(directory + "/output/cache.html") == bytes)

    // Two more prose lines move the cell: still cached, check line moved with it.
    _ = try TestSupport.write(
      text.replacingOccurrences(of: "First.", with: "First.\n\nMore prose.\n"),
      to: "lessons/cache.md", in: directory)
    let edited = pipeline.render([path], jobs: 1)[0]
    #expect(edited.cached)
    #expect(edited.checks.map(\.line) == [10])
    #expect(TestSupport.read(directory + "/output/cache.html").contains("More prose."))
  }

  @Test func compileErrorNamesMarkdownLineAndOtherLessonsStillRender() throws {
    let directory = try TestSupport.temporaryDirectory()
    let broken = try TestSupport.write(
      "# Broken\n\n```swift\nlet a = 1\nlet b: String = a\n```\n", to: "lessons/01-broken.md",
      in: directory)
    let good = try TestSupport.write(
      "# Good\n\n```swift\nshow(1 + 1)\n```\n", to: "lessons/02-good.md", in: directory)
    let outcomes = try TestSupport.pipeline(in: directory).render([broken, good], jobs: 2)
    #expect(!outcomes[0].succeeded)
    #expect(outcomes[0].messages.contains { $0.hasPrefix("\(broken):5:17: error:") })
    #expect(outcomes[1].succeeded)
    #expect(FileManager.default.fileExists(atPath: directory + "/output/02-good.html"))
    // No page existed, so the failed page is written, with the error at the failing cell.
    let html = TestSupport.read(directory + "/output/01-broken.html")
    #expect(html.contains("01-broken.md:5:17: error:"))
  }

  @Test func trapNamesFailingCellAndKeepsEarlierOutputs() throws {
    let directory = try TestSupport.temporaryDirectory()
    let path = try TestSupport.write(
      """
      # Trap

      ```swift
      print("first cell ran")
      ```

      ```swift
      //| label: boom
      let numbers = [1, 2]
      print(numbers[5])
      ```

      ```swift
      print("never")
      ```
      """, to: "lessons/trap.md", in: directory)
    let outcome = try TestSupport.pipeline(in: directory).render([path], jobs: 1)[0]
    #expect(!outcome.succeeded)
    let message = try #require(outcome.messages.last)
    #expect(message.contains("\(path):7: error: boom stopped the program"))
    let page = try JSONDecoder().decode(
      LessonPage.self,
      from: try #require(FileManager.default.contents(atPath: directory + "/output/trap.json")))
    #expect(page.run.cells[0].stdout == "first cell ran\n")
    #expect(page.run.failure?.cell == 1)
    #expect(page.run.cells[2].started == false)
  }

  @Test func cellThatNeverEndsIsKilledAtTimeoutNamingTheCell() throws {
    let directory = try TestSupport.temporaryDirectory()
    let path = try TestSupport.write(
      "# Slow\n\n```swift\n//| label: forever\nwhile true { usleep(1000) }\n```\n",
      to: "lessons/slow.md", in: directory)
    let outcome = try TestSupport.pipeline(in: directory, timeout: 2).render([path], jobs: 1)[0]
    #expect(!outcome.succeeded)
    #expect(outcome.messages.contains("\(path):3: error: timed out after 2 s in forever"))
  }

  @Test func cellPastItsOwnTimeoutIsStoppedNamingTheCell() throws {
    let directory = try TestSupport.temporaryDirectory()
    let path = try TestSupport.write(
      """
      # Slow

      ```swift
      print("first cell ran")
      ```

      ```swift
      //| label: forever
      //| timeout: 1
      while true { usleep(1000) }
      ```
      """, to: "lessons/slow.md", in: directory)
    let start = ContinuousClock.now
    let outcome = try TestSupport.pipeline(in: directory, timeout: 120).render([path], jobs: 1)[0]
    #expect(ContinuousClock.now - start < .seconds(60))
    #expect(!outcome.succeeded)
    #expect(outcome.messages.contains("\(path):7: error: forever ran past its timeout of 1 s"))
    let page = try JSONDecoder().decode(
      LessonPage.self,
      from: try #require(FileManager.default.contents(atPath: directory + "/output/slow.json")))
    #expect(page.run.cells[0].stdout == "first cell ran\n")
    #expect(page.run.cells[1].error?.contains("timed out after 1 s") == true)
  }

  @Test func errorCellPastItsTimeoutIsShownAndTheLessonGoesOn() throws {
    let directory = try TestSupport.temporaryDirectory()
    let path = try TestSupport.write(
      """
      # Slow, allowed

      ```swift
      //| label: forever
      //| timeout: 1
      //| error: true
      while true { usleep(1000) }
      ```

      ```swift
      print("after")
      ```
      """, to: "lessons/allowed.md", in: directory)
    let outcome = try TestSupport.pipeline(in: directory, timeout: 120).render([path], jobs: 1)[0]
    #expect(outcome.succeeded, "\(outcome.messages)")
    let page = try JSONDecoder().decode(
      LessonPage.self,
      from: try #require(FileManager.default.contents(atPath: directory + "/output/allowed.json")))
    #expect(page.run.cells[0].error?.contains("timed out after 1 s (its timeout option)") == true)
    #expect(page.run.cells[1].stdout == "after\n")
  }

  @Test func failedLessonKeepsExistingGoodPageUnlessForced() throws {
    let directory = try TestSupport.temporaryDirectory()
    let path = try TestSupport.write(
      "# Page\n\n```swift\nshow(\"good\")\n```\n", to: "lessons/page.md", in: directory)
    #expect(try TestSupport.pipeline(in: directory).render([path], jobs: 1)[0].succeeded)
    let good = TestSupport.read(directory + "/output/page.html")
    _ = try TestSupport.write(
      "# Page\n\n```swift\nshow(undefinedName)\n```\n", to: "lessons/page.md", in: directory)
    let failed = try TestSupport.pipeline(in: directory).render([path], jobs: 1)[0]
    #expect(!failed.succeeded && !failed.pageWritten)
    #expect(TestSupport.read(directory + "/output/page.html") == good)
    let forced = try TestSupport.pipeline(in: directory, force: true).render([path], jobs: 1)[0]
    #expect(forced.pageWritten)
    #expect(TestSupport.read(directory + "/output/page.html").contains("undefinedName"))
  }

  @Test func unknownOptionAndMissingFileFailWithoutCrashing() throws {
    let directory = try TestSupport.temporaryDirectory()
    let bad = try TestSupport.write(
      "# Bad\n\n```swift\n//| colour: red\nshow(1)\n```\n", to: "lessons/bad.md", in: directory)
    let outcomes = try TestSupport.pipeline(in: directory).render(
      [bad, directory + "/lessons/missing.md"], jobs: 1)
    #expect(
      outcomes[0].messages.first?.hasPrefix("\(bad):4:5: error: unknown cell option 'colour'")
        == true)
    #expect(outcomes[1].messages == ["\(directory)/lessons/missing.md: error: no such lesson file"])
    #expect(outcomes.allSatisfy { !$0.succeeded })
  }
}
