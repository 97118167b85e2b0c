import Foundation

/// Finding the programs Ticketbook runs (swiftc, Node.js, Chromium) on the `PATH`.
public enum Executables {
  /// The first of `names` that is an executable file in a directory of `environment`'s `PATH`
  /// (`/usr/bin:/bin` when unset), directories in order.
  public static func onPath(_ names: [String], environment: [String: String]) -> String? {
    for directory in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
      for name in names where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
        return "\(directory)/\(name)"
      }
    }
    return nil
  }
}
