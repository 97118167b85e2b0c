import FlyingFox
import FlyingSocks
import Foundation
import Notebook

/// The HTTP side of `ticketbook preview`: serves the output directory on 127.0.0.1 with
/// FlyingFox, adds the reload script (and a lesson's last render failure) to HTML pages as they
/// are served, never to the files, and tells open pages to reload over a WebSocket.
final class PreviewServer: Sendable {
  /// The path of the WebSocket that sends `reload`.
  static let eventsPath = "/__ticketbook/events"

  let server: HTTPServer
  let port: Int
  let channel = ReloadChannel()
  let failures = RenderFailures()

  /// A server for `directory` on 127.0.0.1:`port` (0: a free port chosen by the system).
  init(directory: String, port: Int) throws {
    self.port = port
    let files = PreviewFiles(
      directory: directory, failures: failures, events: .webSocket(channel))
    server = HTTPServer(
      address: try .inet(ip4: "127.0.0.1", port: UInt16(port)), timeout: 30,
      logger: .disabled, handler: files)
  }

  /// Starts listening; returns the port. Throws ``PreviewError/portBusy(_:)`` when another
  /// program listens on the port.
  func start() throws -> Int {
    let failure = Locked<(any Error)?>(nil)
    Task { [server] in
      do { try await server.run() } catch { failure.value = error }
    }
    let deadline = Date().addingTimeInterval(10)
    while Date() < deadline {
      if let error = failure.value {
        if case SocketError.failed(_, let code, _) = error, code == EADDRINUSE {
          throw PreviewError.portBusy(port)
        }
        throw PreviewError.cannotListen(port, "\(error.localizedDescription)")
      }
      let address = blocking { [server] in await server.listeningAddress }
      if case .ip4(_, let actual) = address { return Int(actual) }
      usleep(10_000)
    }
    throw PreviewError.cannotListen(port, "the server did not start within 10 s")
  }

  /// Tells every open page to reload.
  func reload() { channel.send("reload") }

  /// Closes the open pages' event sockets and the server.
  func stop() {
    channel.closeAll()
    blocking { [server] in await server.stop(timeout: 0.5) }
  }
}

/// Why the preview could not serve.
enum PreviewError: Error, CustomStringConvertible {
  case portBusy(Int)
  case cannotListen(Int, String)

  var description: String {
    switch self {
    case .portBusy(let port):
      "error: port \(port) on 127.0.0.1 is busy (another program listens on it); choose another with --port"
    case .cannotListen(let port, let reason):
      "error: cannot listen on 127.0.0.1:\(port): \(reason)"
    }
  }
}

/// Serves the files of the output directory; HTML pages get the reload script and, for a lesson
/// whose last render failed, an overlay with the failure, added on the way out.
struct PreviewFiles: HTTPHandler {
  let directory: String
  let failures: RenderFailures
  let events: WebSocketHTTPHandler

  func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
    if request.path == PreviewServer.eventsPath { return try await events.handleRequest(request) }
    guard request.method == .GET || request.method == .HEAD else {
      return HTTPResponse(statusCode: .methodNotAllowed)
    }
    var relative = request.path.hasPrefix("/") ? String(request.path.dropFirst()) : request.path
    if relative.isEmpty || relative.hasSuffix("/") { relative += "index.html" }
    let components = relative.split(separator: "/", omittingEmptySubsequences: false)
    // No way out of the directory, and no hidden files (markers, temporary files of writes).
    guard !components.contains(where: { $0.isEmpty || $0.hasPrefix(".") }),
      let data = FileManager.default.contents(atPath: directory + "/" + relative)
    else {
      return HTTPResponse(
        statusCode: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
        body: Data("not found: /\(relative)\n".utf8))
    }
    let type = Self.contentType(of: relative)
    var body = data
    if relative.hasSuffix(".html") {
      let name = String((relative as NSString).deletingPathExtension)
      body = Data(
        PreviewInjection.inject(
          into: String(decoding: data, as: UTF8.self), failure: failures[name]
        ).utf8)
    }
    return HTTPResponse(
      statusCode: .ok, headers: [.contentType: type, .cacheControl: "no-store"], body: body)
  }

  /// The media type of a file the output directory holds.
  static func contentType(of path: String) -> String {
    switch (path as NSString).pathExtension.lowercased() {
    case "html": "text/html; charset=utf-8"
    case "css": "text/css; charset=utf-8"
    case "js": "text/javascript; charset=utf-8"
    case "json": "application/json"
    case "svg": "image/svg+xml"
    case "png": "image/png"
    case "woff2": "font/woff2"
    case "woff": "font/woff"
    case "ttf": "font/ttf"
    case "pdf": "application/pdf"
    default: "application/octet-stream"
    }
  }
}

/// What `preview` adds to a page as it serves it.
enum PreviewInjection {
  /// The id of the failure overlay.
  static let overlayID = "ticketbook-preview-failure"

  /// Opens the events socket and reloads the page on `reload`.
  static let script = HTML.element(
    "script", [:],
    .trusted(
      "(() => { const events = new WebSocket(`ws://${location.host}\(PreviewServer.eventsPath)`);"
        + " events.onmessage = (message) => { if (message.data === \"reload\") location.reload(); };"
        + " })();"))

  /// `page` with the reload script and, when the lesson's last render failed, the overlay,
  /// before `</body>` (at the end when there is none).
  static func inject(into page: String, failure: RenderFailures.Failure?) -> String {
    var added = script
    if let failure { added = overlay(failure) + added }
    guard let end = page.range(of: "</body>", options: [.backwards, .caseInsensitive]) else {
      return page + added.markup
    }
    return page.replacingCharacters(in: end.lowerBound..<end.lowerBound, with: added.markup)
  }

  /// A box fixed over the top of the page naming the lesson and listing the messages
  /// (`file:line:column: error: …`); the last good page stays visible below it.
  static func overlay(_ failure: RenderFailures.Failure) -> HTML {
    let style = [
      "position:fixed", "top:0", "left:0", "right:0", "z-index:2147483647", "max-height:60vh",
      "overflow:auto", "margin:0", "padding:0.75rem 1rem", "background:#fff1f0", "color:#5c0a00",
      "border-bottom:3px solid #c9190b", "box-shadow:0 2px 8px rgba(0,0,0,.25)",
      "font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,monospace",
    ].joined(separator: ";")
    let heading = HTML.element(
      "p", ["style": "margin:0 0 .5rem;font-weight:bold"],
      text: "\(failure.path) did not render; below is its last good page.")
    let messages = HTML.element(
      "pre", ["style": "margin:0;white-space:pre-wrap"],
      text: failure.messages.joined(separator: "\n"))
    let close = HTML.element(
      "button",
      ["type": "button", "style": "float:right", "onclick": "this.parentNode.remove()"],
      text: "Dismiss")
    return HTML.element(
      "div", ["id": overlayID, "role": "alert", "style": style], close + heading + messages)
  }
}

/// The messages of each lesson whose last render failed, by lesson name.
final class RenderFailures: @unchecked Sendable {
  struct Failure: Equatable {
    /// The lesson file.
    var path: String
    /// Its errors, `file:line:column: error: …` first.
    var messages: [String]
  }

  private let lock = NSLock()
  private var failures: [String: Failure] = [:]

  subscript(name: String) -> Failure? {
    lock.withLock { failures[name] }
  }

  /// Remembers the failures of `outcomes` and forgets those of lessons that now rendered.
  func record(_ outcomes: [LessonOutcome]) {
    lock.withLock {
      for outcome in outcomes {
        if outcome.succeeded {
          failures[outcome.name] = nil
        } else {
          let messages = outcome.messages.filter { !$0.contains(": note: ") }
          let errors = messages.filter { $0.contains(": error: ") }
          failures[outcome.name] = Failure(
            path: outcome.path, messages: errors + messages.filter { !errors.contains($0) })
        }
      }
    }
  }
}

/// The open pages' WebSockets: each gets every message sent.
final class ReloadChannel: WSMessageHandler, @unchecked Sendable {
  private let lock = NSLock()
  private var clients: [UUID: AsyncStream<WSMessage>.Continuation] = [:]

  func makeMessages(for client: AsyncStream<WSMessage>) async throws -> AsyncStream<WSMessage> {
    let id = UUID()
    let (messages, continuation) = AsyncStream<WSMessage>.makeStream()
    continuation.onTermination = { [weak self] _ in self?.remove(id) }
    lock.withLock { clients[id] = continuation }
    return messages
  }

  private func remove(_ id: UUID) {
    _ = lock.withLock { clients.removeValue(forKey: id) }
  }

  /// Sends `text` to every open page.
  func send(_ text: String) {
    for client in lock.withLock({ Array(clients.values) }) { client.yield(.text(text)) }
  }

  /// Closes every socket ("going away").
  func closeAll() {
    for client in lock.withLock({ Array(clients.values) }) {
      client.yield(.close(.goingAway))
      client.finish()
    }
  }
}

/// A value shared between threads.
final class Locked<Value>: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: Value

  init(_ value: Value) { stored = value }

  var value: Value {
    get { lock.withLock { stored } }
    set { lock.withLock { stored = newValue } }
  }
}

/// Runs `body` on the concurrency pool and waits for it on this thread (never call it from the
/// pool).
func blocking<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
  let result = Locked<T?>(nil)
  let done = DispatchSemaphore(value: 0)
  Task {
    result.value = await body()
    done.signal()
  }
  done.wait()
  return result.value!
}
