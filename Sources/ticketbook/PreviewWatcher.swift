import Foundation
import Notebook

#if canImport(Glibc)
  import Glibc
#endif

/// Finds what changed among the files a preview depends on, by comparing their modification
/// times, sizes and inodes between two polls (portable, and enough at a poll every 250 ms).
struct PreviewWatcher {
  /// What identifies one state of a file; `nil` in a ``Snapshot`` when the file is missing.
  struct Stamp: Equatable {
    var seconds: Int
    var nanoseconds: Int
    var size: Int
    var inode: UInt

    /// The file's stamp, following symbolic links; `nil` when there is no such file.
    init?(path: String) {
      var status = stat()
      guard stat(path, &status) == 0 else { return nil }
      seconds = Int(status.st_mtim.tv_sec)
      nanoseconds = Int(status.st_mtim.tv_nsec)
      size = Int(status.st_size)
      inode = UInt(status.st_ino)
    }
  }

  /// The stamps of every watched file at one poll.
  struct Snapshot: Equatable {
    var lessons: [String: Stamp] = [:]
    var coursePage: Stamp?
    var courseSource: Stamp?
    var lab: Stamp?
  }

  /// What a preview has to do about the difference between two snapshots.
  struct Changes: Equatable {
    /// Lessons edited or added, in file order.
    var lessons: [String] = []
    /// `course.md` changed: the index page is written again.
    var coursePage = false
    /// `course.swift` changed: every lesson's program changed.
    var courseSource = false
    /// `libLab.so` changed: every lesson runs against a new engine build.
    var lab = false

    var isEmpty: Bool { self == Changes() }
    /// Whether every lesson has to be rendered.
    var everyLesson: Bool { courseSource || lab }
  }

  /// The lesson files given on the command line; empty: every `lessons/*.md`, found at each poll
  /// (so a new lesson is rendered as soon as it is saved).
  let explicitLessons: [String]
  /// The course page beside the lessons.
  let coursePage: String
  /// The course's shared Swift file beside the lessons.
  let courseSource: String
  /// The Lab library lesson programs link.
  let labLibrary: String

  init(explicitLessons: [String], labLibrary: String) {
    self.explicitLessons = explicitLessons
    coursePage = LessonDirectory.coursePage(besideLessons: explicitLessons)
    let directory = (coursePage as NSString).deletingLastPathComponent
    courseSource = directory + "/" + SharedSource.fileName
    self.labLibrary = labLibrary
  }

  /// The lessons to render now.
  var lessonPaths: [String] {
    explicitLessons.isEmpty ? LessonDirectory.lessons(in: "lessons") : explicitLessons
  }

  /// The current stamps.
  func snapshot() -> Snapshot {
    var snapshot = Snapshot()
    for path in lessonPaths { snapshot.lessons[path] = Stamp(path: path) }
    snapshot.coursePage = Stamp(path: coursePage)
    snapshot.courseSource = Stamp(path: courseSource)
    snapshot.lab = Stamp(path: labLibrary)
    return snapshot
  }

  /// What changed from `old` to `new`. A lesson that disappeared is not rendered (its page stays
  /// until the next `render`).
  func changes(from old: Snapshot, to new: Snapshot) -> Changes {
    var changes = Changes()
    changes.lessons = new.lessons.keys.filter { path in
      guard let stamp = new.lessons[path] ?? nil else { return false }
      return old.lessons[path] ?? nil != stamp
    }.sorted()
    changes.coursePage = old.coursePage != new.coursePage
    changes.courseSource = old.courseSource != new.courseSource
    changes.lab = old.lab != new.lab
    return changes
  }
}
