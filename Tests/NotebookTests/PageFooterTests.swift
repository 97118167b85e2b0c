import Foundation
import Testing

@testable import Notebook

struct PageFooterTests {
  /// The footer of a one-cell page whose cell produced `items`.
  func footer(_ items: [OutputItem]) throws -> String {
    let lesson = try LessonParser().parse(
      "# Seeds\n\n```swift\nrun()\n```\n", path: "lessons/03-seeds.md")
    var run = LessonRun.empty(for: lesson)
    run.cells[0].started = true
    run.cells[0].finished = true
    run.cells[0].seconds = 31
    run.cells[0].items = items
    let html = PageFixtures.renderer.render(LessonPage(lesson: lesson, run: run, profile: .full))
    let start = try #require(html.range(of: "<details class=\"facts\""))
    return String(html[start.lowerBound...])
  }

  @Test func oneNameRunWithThreeSeedsIsThreeExperimentsInTheSeedsTable() throws {
    let html = try footer(
      (0..<3).flatMap { seed -> [OutputItem] in
        [
          .seeds(source: "deep-relu", seeds: ["seed": UInt64(seed), "data.splitSeed": 0]),
          .memo(name: "deep-relu", hit: false, seconds: 10),
        ]
      } + [
        .seeds(source: "dense", seeds: ["seed": 1, "data.splitSeed": 0]),
        .memo(name: "dense", hit: true, seconds: 0.1),
        // The same experiment loaded again counts once.
        .seeds(source: "dense", seeds: ["seed": 1, "data.splitSeed": 0]),
      ])
    for seed in 0..<3 {
      let names = seed == 1 ? "deep-relu, dense" : "deep-relu"
      let count = seed == 1 ? 2 : 1
      #expect(
        html.contains(
          "<tr><td>data.splitSeed 0, seed \(seed)</td><td class=\"num\">\(count)</td><td>\(names)</td></tr>"
        ), "seed \(seed)")
    }
  }

  @Test func runLogCountsEveryComputedRunOfAName() throws {
    let html = try footer([
      .memo(name: "deep-relu", hit: false, seconds: 10),
      .memo(name: "deep-tanh", hit: false, seconds: 20),
      .memo(name: "deep-relu", hit: false, seconds: 11),
      .memo(name: "deep-relu", hit: false, seconds: 12),
      .memo(name: "dense", hit: true, seconds: 0),
      .memo(name: "dense", hit: true, seconds: 0),
      .memo(name: "ticket", hit: true, seconds: 0),
    ])
    #expect(
      html.contains(
        "computed deep-relu ×3 (33 s total), deep-tanh (20 s); stored results reused 3 times: dense ×2, ticket"
      ))
  }
}
