import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A file whose first line is the SHA-256 of the rest, written atomically and verified on read.
///
/// Used for memoised results and cached lesson runs: a torn or edited file fails verification
/// and is treated as absent, never as data.
public enum ChecksummedFile {
  /// Why a stored file could not be used.
  public enum ReadError: Error, Equatable, CustomStringConvertible {
    /// There is no such file.
    case missing
    /// The file exists but its checksum does not match its contents.
    case corrupt(String)

    /// A one-line explanation.
    public var description: String {
      switch self {
      case .missing: return "no stored file"
      case .corrupt(let path): return "\(path): checksum mismatch, entry discarded"
      }
    }
  }

  /// Writes `payload` with its checksum to `path`, through a temporary file and a rename, so a
  /// reader sees either the old file or the whole new one.
  public static func write(_ payload: Data, to path: String) throws {
    let header = Data(("sha256:" + SHA256.hex(SHA256.hash(payload)) + "\n").utf8)
    try AtomicFile.write(header + payload, to: path)
  }

  /// Reads and verifies the payload at `path`.
  public static func read(_ path: String) throws(ReadError) -> Data {
    guard let data = FileManager.default.contents(atPath: path) else { throw .missing }
    guard let newline = data.firstIndex(of: 0x0A) else { throw .corrupt(path) }
    let header = String(decoding: data[data.startIndex..<newline], as: UTF8.self)
    let payload = Data(data[(newline + 1)...])
    guard header == "sha256:" + SHA256.hex(SHA256.hash(payload)) else { throw .corrupt(path) }
    return payload
  }
}

/// Writes files so that no reader ever sees a half-written one.
///
/// A file is written to a temporary file beside it, `.<name>.<pid>.<random>.tmp`, created new
/// (`O_EXCL`, never through a symbolic link), then renamed over it. A writer killed before the
/// rename leaves its temporary file behind; ``removeStale(under:)`` removes those whose writer
/// process is gone, and only those, so renders sharing a directory never delete each other's.
public enum AtomicFile {
  /// Why a file could not be written.
  public struct WriteError: Error, CustomStringConvertible {
    /// The file that was being written.
    public var path: String
    /// The system's reason (`File too large`, `No space left on device`, …).
    public var reason: String

    /// `cannot write <path>: <reason>`.
    public var description: String { "cannot write \(path): \(reason)" }
  }

  /// Writes `data` to a new temporary file beside `path`, then renames it over `path`; on any
  /// failure the temporary file is removed and `path` is left as it was.
  ///
  /// Creates missing parent directories.
  public static func write(_ data: Data, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent().path
    try FileManager.default.createDirectory(
      atPath: directory, withIntermediateDirectories: true)
    let temporary =
      directory + "/" + temporaryName(for: url.lastPathComponent, writer: getpid())
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o666)
    guard descriptor >= 0 else {
      throw WriteError(path: path, reason: String(cString: strerror(errno)))
    }
    var failure: Int32 = 0
    data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
      var offset = 0
      while offset < bytes.count {
        let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          failure = errno
          return
        }
        offset += written
      }
    }
    if close(descriptor) != 0 && failure == 0 { failure = errno }
    if failure == 0 { stallIfAsked(path) }
    if failure == 0 && rename(temporary, path) != 0 { failure = errno }
    if failure != 0 {
      unlink(temporary)
      throw WriteError(path: path, reason: String(cString: strerror(failure)))
    }
  }

  /// The fault-injection tests' hook: when ``stallVariable`` names this file (its last path
  /// component), the writer stops here, its temporary file written and not yet renamed, until
  /// it is killed.
  public static let stallVariable = "TICKETBOOK_TEST_STALL_WRITE"

  private static func stallIfAsked(_ path: String) {
    guard let name = ProcessInfo.processInfo.environment[stallVariable], !name.isEmpty,
      (path as NSString).lastPathComponent == name
    else { return }
    while true { sleep(60) }
  }

  /// The temporary file's name for a file named `name` written by process `writer`.
  static func temporaryName(for name: String, writer: pid_t) -> String {
    ".\(name).\(writer).\(UInt32.random(in: 0...UInt32.max)).tmp"
  }

  /// The process that writes the temporary file named `name`, or nil when `name` is not one.
  static func writer(ofTemporary name: String) -> pid_t? {
    guard name.hasPrefix("."), name.hasSuffix(".tmp") else { return nil }
    let parts = name.dropLast(".tmp".count).split(separator: ".")
    guard parts.count >= 3, UInt32(parts[parts.count - 1]) != nil,
      let pid = pid_t(parts[parts.count - 2]), pid > 0
    else { return nil }
    return pid
  }

  /// Removes, in `directory` and below, every temporary file of ``write(_:to:)`` whose writer
  /// process no longer exists (a render or lesson program killed mid-write); the files of live
  /// writers stay. Returns the paths removed.
  @discardableResult
  public static func removeStale(under directory: String) -> [String] {
    guard let walker = FileManager.default.enumerator(atPath: directory) else { return [] }
    var removed: [String] = []
    while let relative = walker.nextObject() as? String {
      let name = (relative as NSString).lastPathComponent
      guard let pid = writer(ofTemporary: name), !isRunning(pid) else { continue }
      let path = directory + "/" + relative
      if unlink(path) == 0 { removed.append(path) }
    }
    return removed
  }

  /// Whether process `pid` exists (one of another user counts as existing).
  static func isRunning(_ pid: pid_t) -> Bool {
    kill(pid, 0) == 0 || errno == EPERM
  }
}
