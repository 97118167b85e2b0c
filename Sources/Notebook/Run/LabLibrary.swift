import Foundation

/// Where the `Lab` runtime library and its Swift modules are: a SwiftPM build directory such as
/// `.build/release`, holding `libLab.so` and `Modules/Lab.swiftmodule`.
public struct LabLibrary: Codable, Equatable, Sendable {
  /// The directory holding `libLab.so`.
  public var directory: String

  /// Uses the Lab library in `directory`.
  public init(directory: String) {
    self.directory = directory
  }

  /// The shared library lesson programs link.
  public var libraryPath: String { directory + "/libLab.so" }
  /// The directory of `.swiftmodule` files lesson programs import.
  public var modulesPath: String { directory + "/Modules" }

  /// Finds the library: `explicit` (`--lab-dir`), else `TICKETBOOK_LAB_DIR`, else the directory
  /// of the running executable (SwiftPM puts `ticketbook` and `libLab.so` side by side).
  public static func locate(explicit: String?, environment: [String: String]) throws(RunFailure)
    -> LabLibrary
  {
    let candidates: [(String, String)]
    if let explicit, !explicit.isEmpty {
      candidates = [(explicit, "--lab-dir")]
    } else if let fromEnvironment = environment["TICKETBOOK_LAB_DIR"], !fromEnvironment.isEmpty {
      candidates = [(fromEnvironment, "TICKETBOOK_LAB_DIR")]
    } else {
      candidates = [(executableDirectory(), "the directory of the ticketbook executable")]
    }
    for (directory, source) in candidates {
      let library = LabLibrary(directory: URL(fileURLWithPath: directory).standardized.path)
      guard FileManager.default.fileExists(atPath: library.libraryPath),
        FileManager.default.fileExists(atPath: library.modulesPath + "/Lab.swiftmodule")
      else {
        throw RunFailure(
          kind: .setup,
          message:
            "error: no Lab library in \(library.directory) (from \(source)): expected libLab.so and Modules/Lab.swiftmodule; build it with `swift build --product Lab` or pass --lab-dir"
        )
      }
      return library
    }
    throw RunFailure(kind: .setup, message: "error: no Lab library found")
  }

  /// The directory of the running executable, from `/proc/self/exe`.
  public static func executableDirectory() -> String {
    let path =
      (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
      ?? CommandLine.arguments[0]
    return URL(fileURLWithPath: path).deletingLastPathComponent().path
  }
}
