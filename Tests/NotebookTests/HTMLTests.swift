import Testing

@testable import Notebook

struct HTMLTests {
  @Test func textIsEscaped() {
    #expect(
      HTML.text("<script>alert('x') & \"y\"</script>").markup
        == "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;")
  }

  @Test func attributeValuesAreEscapedAndTrustedMarkupIsKept() {
    let html = HTML.element("a", ["href": "x\"><script>"], .trusted("<b>ok</b>") + .text("<i>"))
    #expect(html.markup == "<a href=\"x&quot;&gt;&lt;script&gt;\"><b>ok</b>&lt;i&gt;</a>")
  }

  @Test func elementWithTextEscapesContent() {
    #expect(HTML.element("td", [:], text: "a<b").markup == "<td>a&lt;b</td>")
  }
}
