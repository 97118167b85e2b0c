import Foundation

/// The file by which a directory says Ticketbook made it (an output or cache directory), so that
/// `ticketbook clean` removes only directories of its own and never a directory a user pointed
/// it at by mistake.
public enum OwnershipMarker {
  /// The marker's file name inside the directory.
  public static let fileName = ".ticketbook"

  /// The marker's text.
  static let text = "Made by ticketbook: `ticketbook clean` may remove this directory.\n"

  /// Creates `directory` when needed and writes its marker (when missing).
  public static func mark(_ directory: String) {
    let path = directory + "/" + fileName
    guard !FileManager.default.fileExists(atPath: path) else { return }
    try? FileManager.default.createDirectory(
      atPath: directory, withIntermediateDirectories: true)
    try? AtomicFile.write(Data(text.utf8), to: path)
  }

  /// Whether `directory` holds the marker.
  public static func isMarked(_ directory: String) -> Bool {
    FileManager.default.fileExists(atPath: directory + "/" + fileName)
  }
}
