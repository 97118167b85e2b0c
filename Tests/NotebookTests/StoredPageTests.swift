import Canonical
import Foundation
import Testing

@testable import Notebook

struct StoredPageTests {
  /// A page as builds before prose blocks stored it: each prose run one HTML string.
  func earlierJSON(of page: LessonPage) throws -> Data {
    var json = try JSONSerialization.jsonObject(with: CanonicalJSON.encode(page)) as! [String: Any]
    var lesson = json["lesson"] as! [String: Any]
    lesson["blocks"] = zip(lesson["blocks"] as! [[String: Any]], page.lesson.blocks).map {
      stored, block -> [String: Any] in
      guard case .prose(let prose) = block else { return stored }
      let inlines = ((stored["prose"] as! [String: Any])["_0"] as! [String: Any])["inlines"]!
      return [
        "prose": [
          "_0": [
            "html": prose.html, "inlines": inlines,
            "lines": [prose.lines.lowerBound, prose.lines.upperBound],
          ]
        ]
      ]
    }
    json["lesson"] = lesson
    return try JSONSerialization.data(withJSONObject: json)
  }

  @Test func pagesStoredWithProseAsOneStringAreReadByParsingTheirLessonAgain() throws {
    let directory = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let text =
      "# T\n\nIn [short](x):\n\n> It *wins* `{swift} 1`.\n\n```swift\nlet a = 1\n```\n\n## Next\n"
    let path = try TestSupport.write(text, to: "l.md", in: directory)
    let lesson = try LessonParser().parse(path: path)
    let page = LessonPage(lesson: lesson, run: .empty(for: lesson), profile: .quick)
    let data = try earlierJSON(of: page)
    #expect((try? CanonicalJSON.decoder().decode(LessonPage.self, from: data)) == nil)
    #expect(LessonPage.stored(data, edition: .instructor) == page)
    #expect(LessonPage.stored(try CanonicalJSON.encode(page), edition: .instructor) == page)
    // A lesson edited since its run is not the lesson that ran: the page waits for a render.
    try (text + "\nMore.\n").write(toFile: path, atomically: true, encoding: .utf8)
    #expect(LessonPage.stored(data, edition: .instructor) == nil)
  }
}
