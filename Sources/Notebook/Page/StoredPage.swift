import Foundation
import LabRecords

/// Reading back the JSON twin a render wrote beside a page.
extension LessonPage {
  /// The page stored as `data`, or nil when it cannot be read.
  ///
  /// A page stored before prose was kept as blocks (``ProseBlock``) holds each prose run as one
  /// HTML string, which this build does not read: its lesson is parsed again from its file (as
  /// `edition` shows it) and kept only when it is the lesson that ran, every cell and code block
  /// equal and every prose run rendering to the stored HTML. Otherwise the page waits for its
  /// lesson's next render, as any unreadable page does.
  static func stored(_ data: Data, edition: Edition) -> LessonPage? {
    let decoder = CanonicalJSON.decoder()
    if let page = try? decoder.decode(LessonPage.self, from: data) { return page }
    guard let earlier = try? decoder.decode(EarlierPage.self, from: data),
      let lesson = try? LessonParser().parse(path: earlier.lesson.path).edition(edition),
      lesson.title == earlier.lesson.title,
      lesson.blocks.count == earlier.lesson.blocks.count,
      zip(lesson.blocks, earlier.lesson.blocks).allSatisfy({ $1.matches($0) })
    else { return nil }
    return LessonPage(
      lesson: lesson, run: earlier.run, profile: earlier.profile, facts: earlier.facts)
  }
}

/// A page as builds before ``ProseBlock`` stored it.
private struct EarlierPage: Decodable {
  struct Lesson: Decodable {
    var path: String
    var title: String
    var blocks: [EarlierBlock]
  }

  var lesson: Lesson
  var run: LessonRun
  var profile: Profile
  var facts: RunFacts?
}

/// A block as builds before ``ProseBlock`` stored it: prose as one HTML string, the rest as now.
private enum EarlierBlock: Decodable {
  case prose(html: String)
  case other(Block)

  private enum Keys: String, CodingKey { case prose }
  private enum ProseKeys: String, CodingKey { case _0 }
  private enum EarlierProseKeys: String, CodingKey { case html }

  init(from decoder: any Decoder) throws {
    if let block = try? Block(from: decoder) {
      self = .other(block)
      return
    }
    let prose = try decoder.container(keyedBy: Keys.self)
      .nestedContainer(keyedBy: ProseKeys.self, forKey: .prose)
      .nestedContainer(keyedBy: EarlierProseKeys.self, forKey: ._0)
    self = .prose(html: try prose.decode(String.self, forKey: .html))
  }

  /// Whether `block`, parsed again, is this stored block.
  func matches(_ block: Block) -> Bool {
    switch (self, block) {
    case (.prose(let html), .prose(let prose)): return prose.html == html
    case (.other(let stored), _): return stored == block
    default: return false
    }
  }
}
