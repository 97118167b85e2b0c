import ArgumentParser
import Benchmarks
import Foundation

/// The `ticketbook` command: renders the course's lessons and checks their claims.
@main
struct Ticketbook: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ticketbook",
    abstract: "Render the Ticketbook course: Markdown lessons with Swift cells, run and checked.",
    subcommands: [
      Render.self, Check.self, Preview.self, SiteCommand.self, Grade.self, Export.self, List.self,
      New.self, Clean.self,
      ExperimentCommand.self, Bench.self,
    ])

  /// Runs the command line and exits with 0 (success), 1 (a lesson failed) or 2 (usage error).
  static func main() {
    BLASEnvironment.selectKernels()
    Foundation.exit(run(Array(CommandLine.arguments.dropFirst())))
  }

  /// Parses and runs `arguments`, returning the exit status instead of exiting.
  ///
  /// ArgumentParser reports usage errors with status 64 (`EX_USAGE`); ticketbook promises 2.
  static func run(_ arguments: [String]) -> Int32 {
    do {
      var command = try parseAsRoot(arguments)
      try command.run()
      return 0
    } catch {
      let status = exitStatus(for: error)
      let message = fullMessage(for: error)
      if !message.isEmpty {
        if status == 0 {
          print(message)
        } else {
          FileHandle.standardError.write(Data((message + "\n").utf8))
        }
      }
      return status
    }
  }

  /// The exit status for an error: ArgumentParser's usage status 64 becomes 2.
  static func exitStatus(for error: any Error) -> Int32 {
    let code = exitCode(for: error).rawValue
    return code == ExitCode.validationFailure.rawValue ? 2 : code
  }
}
