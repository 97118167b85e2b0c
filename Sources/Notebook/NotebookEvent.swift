/// What the notebook reports while it works, for live progress.
public enum NotebookEvent: Sendable {
  /// A lesson began; `estimate` is how long its last run took, when known.
  case lessonStarted(path: String, estimate: Double?)
  /// Its program is compiling or running.
  case run(path: String, event: RunEvent, cell: String?)
  /// It is done.
  case lessonFinished(LessonOutcome)
}
