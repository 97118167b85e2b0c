import Testing

@testable import Plots

@Test func escapingReplacesEveryMarkupCharacter() {
  #expect(
    escapeXML(#"<a href="x">Tom & 'Jerry'</a>"#)
      == "&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;")
}

@Test func escapingReplacesControlCharactersThatXMLForbids() {
  #expect(escapeXML("a\u{1}b\tc\n") == "a b\tc\n")
}

@Test func writerEscapesTextAndAttributeValues() {
  var svg = SVGWriter()
  svg.text("text", ["data-x": "\"><script>"], "<b> & </b>")
  #expect(
    svg.output == #"<text data-x="&quot;&gt;&lt;script&gt;">&lt;b&gt; &amp; &lt;/b&gt;</text>"#)
}

@Test func writerLeavesOutNilAttributesAndFormatsNumbers() {
  var svg = SVGWriter()
  let dash: String? = nil
  svg.leaf("line", ["x1": 0.1 + 0.2, "y1": 3, "stroke-dasharray": dash])
  #expect(svg.output == #"<line x1="0.3" y1="3"/>"#)
}
