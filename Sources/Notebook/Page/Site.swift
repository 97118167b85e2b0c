/// The course: its lessons in order, for the index and every page's previous/next links.
public struct Site: Equatable, Sendable {
  /// The lessons, in course order (file-name order).
  public var entries: [SiteEntry]

  /// Creates a site; an empty site gives pages without previous/next links.
  public init(entries: [SiteEntry] = []) {
    self.entries = entries
  }

  /// The position of lesson `name`, if it is part of the site.
  public func position(of name: String) -> Int? {
    entries.firstIndex { $0.name == name }
  }

  /// The status's CSS class: `fail` when the run failed or a check failed, `pass` when every
  /// check passed, `none` when there are no checks.
  static func statusClass(passed: Int, failed: Int, broken: Bool) -> String {
    broken || failed > 0 ? "fail" : passed > 0 ? "pass" : "none"
  }

  /// `3 of 4 checks pass`, `no checks`, prefixed with `failed to run; ` when the run failed.
  static func statusText(passed: Int, failed: Int, broken: Bool) -> String {
    let total = passed + failed
    let checks =
      total == 0
      ? "no checks" : "\(passed) of \(total) \(total == 1 ? "check passes" : "checks pass")"
    return broken ? "failed to run; " + checks : checks
  }
}
