import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A new directory under the temporary directory with a unique name, made by `mkdtemp` (mode
/// 0700, never an existing directory, never through a symbolic link), for scratch files whose
/// names inside it can then be fixed.
public struct ScratchDirectory: Sendable {
  /// The directory's path.
  public let path: String

  /// Creates `<tmp>/<prefix>-XXXXXX`; nil when it cannot be made.
  public init?(prefix: String) {
    var template = Array(
      (URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(prefix + "-XXXXXX").path)
        .utf8CString)
    let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    guard made != nil else { return nil }
    path = String(cString: template)
  }

  /// Removes the directory and everything in it.
  public func remove() {
    try? FileManager.default.removeItem(atPath: path)
  }
}
