/// A heading of a lesson's prose, as the table of contents lists it.
struct Heading: Equatable {
  /// 1 to 6.
  var level: Int
  /// Its id on the page.
  var id: String
  /// Its content as HTML (cmark's inline markup, math and inline values), links replaced by
  /// their text.
  var contentWithoutLinks: String
}
