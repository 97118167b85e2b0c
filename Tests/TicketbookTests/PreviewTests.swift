import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `ticketbook preview` end to end, against the built binary: pages served with the reload
/// script, a save shown at once, the reload message, a compile error over the last good page, a
/// busy port, and Ctrl-C.
@Suite(.serialized)
struct PreviewTests {
  static let prose = "# Prose\n\nThe first draft of the prose.\n"
  static func cell(_ code: String = "let n = 3", text: String = "The value is") -> String {
    "# Cell\n\nSome words.\n\n```swift\n\(code)\nshow(n)\n```\n\n\(text) `{swift} n`.\n"
  }

  @Test func savesShowAtOnceAndAFailureOverlaysTheLastGoodPage() throws {
    let course = try CourseDirectory(lessons: [
      "01-prose.md": Self.prose, "02-cell.md": Self.cell(),
    ])
    let preview = try course.start(["preview", "--port", "0", "--out", "output"])
    defer { if preview.isRunning { kill(preview.processIdentifier, SIGKILL) } }
    let log = { (try? String(contentsOfFile: course.path + "/stderr.log", encoding: .utf8)) ?? "" }
    var port: Int?
    _ = CourseDirectory.wait(seconds: 45) {
      port = Self.servedPort(in: log())
      return port != nil || !preview.isRunning
    }
    let served = try #require(port, "no 'Serving … at' line: \(log())")
    let client = LocalHTTP(port: served)

    // The page is served with the reload script; the file on disk has none.
    let first = try client.get("/01-prose.html")
    #expect(first.status == 200)
    #expect(first.body.contains("The first draft of the prose."))
    #expect(first.body.contains("/__ticketbook/events"))
    let onDisk = try String(contentsOfFile: course.path + "/output/01-prose.html", encoding: .utf8)
    #expect(onDisk.contains("The first draft of the prose."))
    #expect(!onDisk.contains("__ticketbook"))
    #expect(try client.get("/").body.contains("01-prose.html"))
    #expect(try client.get("/../stderr.log").status == 404)
    #expect(
      try client.get("/02-cell.html").body.contains(
        "The value is <span class=\"inline-value\">3</span>"))

    // An edit of the prose shows within 2 s, and the open page is told to reload.
    let events = try client.openWebSocket(LocalHTTP.eventsPath)
    var start = Date()
    try course.write(
      lesson: "01-prose.md", Self.prose.replacingOccurrences(of: "first", with: "second"))
    let message = events.nextText(timeout: 10)
    #expect(message == "reload")
    #expect(
      CourseDirectory.wait(seconds: 10) {
        (try? client.get("/01-prose.html"))?.body.contains("The second draft") == true
      })
    let proseSeconds = Date().timeIntervalSince(start)
    #expect(proseSeconds < 2, "a prose edit took \(proseSeconds) s to show")

    // A prose edit of a lesson with code reuses its cached run: shown within 2 s too.
    start = Date()
    try course.write(lesson: "02-cell.md", Self.cell(text: "The revised value is"))
    #expect(
      CourseDirectory.wait(seconds: 10) {
        (try? client.get("/02-cell.html"))?.body.contains("The revised value is") == true
      })
    let cellSeconds = Date().timeIntervalSince(start)
    #expect(cellSeconds < 2, "a prose edit beside a cell took \(cellSeconds) s to show")
    #expect(events.nextText(timeout: 10) == "reload")

    // A cell that does not compile: the errors with file and line over the last good page.
    try course.write(
      lesson: "02-cell.md", Self.cell("let n: Int = \"three\"", text: "The broken value is"))
    var broken = ""
    let overlaid = CourseDirectory.wait(seconds: 40) {
      broken = (try? client.get("/02-cell.html").body) ?? ""
      return broken.contains("ticketbook-preview-failure")
    }
    #expect(overlaid, "no failure overlay: \(log())")
    #expect(broken.contains("lessons/02-cell.md:6:"), "\(broken)")
    #expect(broken.contains("The revised value is"))
    #expect(!broken.contains("The broken value is"))
    let keptOnDisk = try String(
      contentsOfFile: course.path + "/output/02-cell.html", encoding: .utf8)
    #expect(!keptOnDisk.contains("ticketbook-preview-failure"))
    #expect(!(try client.get("/01-prose.html").body.contains("ticketbook-preview-failure")))

    // Ctrl-C while a lesson program runs (for a minute): it is stopped, the server closes, the
    // preview exits 0 and leaves no temporary file.
    let marker = course.path + "/running"
    try course.write(
      lesson: "02-cell.md",
      Self.cell(
        """
        let n = 4
        try "\\(getpid())".write(toFile: "\(marker)", atomically: true, encoding: .utf8)
        Thread.sleep(forTimeInterval: 60)
        """))
    let program = try #require(FaultInjectionTests.pid(in: marker), "no lesson program: \(log())")
    let stopped = Date()
    kill(preview.processIdentifier, SIGINT)
    let ended = CourseDirectory.wait(seconds: 20) { !preview.isRunning }
    #expect(ended, "the preview did not stop on SIGINT")
    preview.waitUntilExit()
    #expect(Date().timeIntervalSince(stopped) < 10)
    #expect(!CommandLineTests.isRunning(program), "the lesson program outlived the preview")
    if CommandLineTests.isRunning(program) { kill(program, SIGKILL) }
    #expect(preview.terminationReason == .exit)
    #expect(preview.terminationStatus == 0, "\(log())")
    #expect(course.temporaryFiles(under: "output") == [])
    #expect(course.temporaryFiles(under: ".ticketbook-cache") == [])
    #expect(throws: (any Error).self) { try client.get("/01-prose.html") }
    print("preview: prose edit shown after \(proseSeconds) s, beside a cell after \(cellSeconds) s")
  }

  @Test func aBusyPortIsAnErrorNamingIt() throws {
    let course = try CourseDirectory(lessons: ["01-prose.md": Self.prose])
    let listener = try LocalHTTP.listen()
    defer { close(listener.socket) }
    let result = try course.run(["preview", "--port", "\(listener.port)"])
    #expect(result.status == 1)
    #expect(
      result.stderr.contains("port \(listener.port) on 127.0.0.1 is busy"), "\(result.stderr)")
    #expect(
      !FileManager.default.fileExists(
        atPath: course.path + "/.ticketbook-cache/preview/01-prose.html"))
  }

  /// The port of the `Serving … at http://127.0.0.1:N/` line.
  static func servedPort(in log: String) -> Int? {
    guard let range = log.range(of: "at http://127.0.0.1:") else { return nil }
    return Int(log[range.upperBound...].prefix { $0.isNumber })
  }
}

/// A minimal HTTP/1.1 and WebSocket client over a TCP socket to 127.0.0.1, enough to check what
/// the preview serves.
struct LocalHTTP {
  static let eventsPath = "/__ticketbook/events"
  let port: Int

  struct Failure: Error, CustomStringConvertible {
    let description: String
  }

  /// A connected socket, with reads timing out after `timeout` seconds.
  func connect(timeout: Double = 5) throws -> Int32 {
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard socket >= 0 else { throw Failure(description: "socket: \(errno)") }
    var limit = timeval(
      tv_sec: Int(timeout), tv_usec: Int((timeout - timeout.rounded(.down)) * 1e6))
    setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    var address = Self.loopback(port: port)
    let status = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard status == 0 else {
      close(socket)
      throw Failure(description: "cannot connect to port \(port): errno \(errno)")
    }
    return socket
  }

  static func loopback(port: Int) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    return address
  }

  /// A socket listening on a free port of 127.0.0.1 (to make that port busy).
  static func listen() throws -> (socket: Int32, port: Int) {
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = loopback(port: 0)
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(socket, $0, length) == 0 && Glibc.listen(socket, 4) == 0
          && getsockname(socket, $0, &length) == 0
      }
    }
    guard bound else { throw Failure(description: "cannot listen: errno \(errno)") }
    return (socket, Int(UInt16(bigEndian: address.sin_port)))
  }

  static func send(_ text: String, to socket: Int32) {
    let bytes = Array(text.utf8)
    _ = bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
  }

  /// Reads what is there (up to 64 KiB); empty at the end of the stream or on time-out.
  static func receive(from socket: Int32) -> [UInt8] {
    var buffer = [UInt8](repeating: 0, count: 65_536)
    let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
    return count > 0 ? Array(buffer[..<count]) : []
  }

  /// `GET path`: the status and the body.
  func get(_ path: String) throws -> (status: Int, body: String) {
    let socket = try connect()
    defer { close(socket) }
    Self.send(
      "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n", to: socket)
    var response: [UInt8] = []
    while true {
      let chunk = Self.receive(from: socket)
      if chunk.isEmpty { break }
      response += chunk
    }
    let text = String(decoding: response, as: UTF8.self)
    guard let headerEnd = text.range(of: "\r\n\r\n"),
      let status = Int(text.split(separator: " ").dropFirst().first ?? "")
    else { throw Failure(description: "no HTTP response from port \(port): \(text)") }
    return (status, String(text[headerEnd.upperBound...]))
  }

  /// An open WebSocket to `path`.
  func openWebSocket(_ path: String) throws -> WebSocket {
    let socket = try connect()
    Self.send(
      "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        + "Sec-WebSocket-Version: 13\r\n\r\n", to: socket)
    var received: [UInt8] = []
    while true {
      let chunk = Self.receive(from: socket)
      guard !chunk.isEmpty else { break }
      received += chunk
      let text = String(decoding: received, as: UTF8.self)
      if let end = text.range(of: "\r\n\r\n") {
        guard text.hasPrefix("HTTP/1.1 101") else { break }
        let headerBytes = text[..<end.upperBound].utf8.count
        return WebSocket(socket: socket, pending: Array(received[headerBytes...]))
      }
    }
    close(socket)
    throw Failure(
      description: "no WebSocket handshake: \(String(decoding: received, as: UTF8.self))")
  }

  /// The server's side of a WebSocket: unmasked frames.
  final class WebSocket {
    let socket: Int32
    var pending: [UInt8]

    init(socket: Int32, pending: [UInt8]) {
      self.socket = socket
      self.pending = pending
    }

    deinit { close(socket) }

    /// The next text message within `timeout` seconds, or nil.
    func nextText(timeout: Double) -> String? {
      let deadline = Date().addingTimeInterval(timeout)
      while Date() < deadline {
        if pending.count >= 2 {
          let opcode = pending[0] & 0x0F
          let length = Int(pending[1] & 0x7F)
          // The preview's messages are short: one-byte lengths only.
          if length < 126, pending.count >= 2 + length {
            let payload = Array(pending[2..<(2 + length)])
            pending.removeFirst(2 + length)
            if opcode == 1 { return String(decoding: payload, as: UTF8.self) }
            continue
          }
        }
        let chunk = LocalHTTP.receive(from: socket)
        if chunk.isEmpty, errno != EAGAIN, errno != EWOULDBLOCK { return nil }
        pending += chunk
      }
      return nil
    }
  }
}
