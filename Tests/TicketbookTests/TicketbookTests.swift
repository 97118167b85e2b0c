import Foundation
import Testing

@testable import ticketbook

struct TicketbookTests {
  @Test func usageErrorsExitWithStatusTwo() {
    #expect(Ticketbook.run(["no-such-command"]) == 2)
    #expect(Ticketbook.run(["render", "--jobs", "0"]) == 2)
    #expect(Ticketbook.run(["render", "--profile", "medium"]) == 2)
    #expect(Ticketbook.run(["--help"]) == 0)
  }

  @Test func newLessonTemplateParsesAndUsesTheLabAPI() {
    let text = LessonTemplate.text(title: "05-test")
    #expect(text.hasPrefix("# 05-test\n"))
    #expect(text.contains("check("))
    #expect(text.contains("`{swift} epochs`"))
  }

  @Test func benchLessonHasThreeHundredCodeLines() {
    let text = BenchLesson.text(lines: 300)
    let code = text.split(separator: "\n").filter {
      !$0.hasPrefix("```") && !$0.hasPrefix("Cell") && !$0.hasPrefix("# ")
    }
    #expect(code.count == 300)
  }
}
