import CNghttp2
import Foundation
import NIOCore

@testable import GRPCNghttp2

/// A deliberately low-level HTTP/2 client for malformed-input and flow-control tests: a
/// TCP socket driven by an nghttp2 client session, which can also write raw bytes and send
/// requests that no gRPC client would.
///
/// The socket is non-blocking and waits are `Task.sleep`s: a blocking read would hold one
/// of the (two, on this machine) cooperative threads that the server's handlers need.
final class RawHTTP2Connection: Nghttp2SessionDelegate {
  struct Response {
    var headers: [String: String] = [:]
    var data: [UInt8] = []
    var closed = false
    var resetCode: UInt32 = 0
    /// The `grpc-status` the server sent (in trailers or Trailers-Only).
    var status: String? { self.headers["grpc-status"] }
  }

  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  private let fd: Int32
  private var session: Nghttp2Session!
  private(set) var responses: [Int32: Response] = [:]
  private var bodies: [Int32: (bytes: [UInt8], endStream: Bool)] = [:]
  private(set) var peerClosed = false
  /// The error code of the GOAWAY the server sent, if any.
  private(set) var goawayErrorCode: UInt32?
  private(set) var goawayCount = 0
  /// Stop reading the socket: the server's writes then pile up in the kernel and in the server.
  var readsPaused = false

  init(port: Int, initialWindow: UInt32 = 65535, connectionWindow: Int32 = 65535) throws {
    self.fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard self.fd >= 0 else { throw Failure(description: "socket() failed") }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) { pointer in
      pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(self.fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard connected == 0 else { throw Failure(description: "connect() failed: \(errno)") }
    self.session = try Nghttp2Session(role: .client, delegate: self, options: Nghttp2Session.Options())
    self.session.submitSettings([(NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, initialWindow)])
    if connectionWindow != 65535 { self.session.setConnectionWindow(connectionWindow) }
    self.pump()
  }

  deinit {
    self.session.close()
    close(self.fd)
  }

  /// A gRPC length-prefixed message.
  static func frame(_ message: [UInt8], compressed: Bool = false) -> [UInt8] {
    let length = UInt32(message.count)
    return [compressed ? 1 : 0, UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)] + message
  }

  /// Writes bytes to the socket as they are, bypassing nghttp2.
  func sendRaw(_ bytes: [UInt8]) {
    _ = bytes.withUnsafeBytes { send(self.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
  }

  @discardableResult
  func sendRequest(
    path: String?,
    extraHeaders: [(String, String)] = [],
    contentType: String = "application/grpc",
    body: [UInt8],
    endStream: Bool
  ) -> Int32 {
    var headers: HeaderList = [(":method", "POST"), (":scheme", "http"), (":authority", "localhost")]
    if let path { headers.add(":path", path) }
    headers.add("content-type", contentType)
    headers.add("te", "trailers")
    for (name, value) in extraHeaders { headers.add(name, value) }
    let id = self.session.submitRequest(headers: headers)
    self.bodies[id] = (body, endStream)
    self.responses[id] = Response()
    self.pump()
    return id
  }

  func ping(_ opaque: UInt64) {
    self.session.submitPing(opaque: opaque)
    self.pump()
  }

  func resetStream(_ id: Int32) {
    self.session.resetStream(id, errorCode: .cancel)
    self.pump()
  }

  /// Writes what nghttp2 has queued, then feeds it whatever has arrived, without waiting.
  func pump() {
    var buffer = ByteBuffer()
    _ = self.session.drain(into: &buffer, maxBytes: 1 << 20)
    if buffer.readableBytes > 0 {
      buffer.withUnsafeReadableBytes { bytes in
        var offset = 0
        while offset < bytes.count {
          let sent = send(self.fd, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
          if sent <= 0 { break }
          offset += sent
        }
      }
    }
    guard !self.readsPaused, !self.peerClosed else { return }
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
      let received = chunk.withUnsafeMutableBytes { recv(self.fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
      if received == 0 || (received < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
        self.peerClosed = true
        return
      }
      guard received > 0 else { return }
      _ = chunk.withUnsafeBytes { self.session.receive(UnsafeRawBufferPointer(rebasing: $0[0..<received])) }
      // Replies to what arrived (WINDOW_UPDATE, SETTINGS ACK) go out on the next pump.
    }
  }

  /// Pumps every 5 ms for `duration`.
  func pump(for duration: Duration) async {
    let deadline = ContinuousClock.now + duration
    while ContinuousClock.now < deadline {
      self.pump()
      try? await Task.sleep(for: .milliseconds(5))
    }
  }

  /// Pumps until stream `id` closes; throws if it does not within `timeout`.
  func waitForClose(of id: Int32, timeout: Duration) async throws -> Response {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
      self.pump()
      if let response = self.responses[id], response.closed { return response }
      if self.peerClosed { throw Failure(description: "the server closed the connection") }
      try await Task.sleep(for: .milliseconds(5))
    }
    throw Failure(description: "stream \(id) did not close within \(timeout)")
  }

  /// Pumps until the server closes the connection; returns whether it did within `timeout`.
  func waitForPeerClose(timeout: Duration) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline, !self.peerClosed {
      self.pump()
      try? await Task.sleep(for: .milliseconds(5))
    }
    return self.peerClosed
  }

  // MARK: - Nghttp2SessionDelegate

  func session(beginHeaders frame: UnsafePointer<nghttp2_frame>) {}

  func session(header name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer, frame: UnsafePointer<nghttp2_frame>) {
    let id = frame.pointee.hd.stream_id
    self.responses[id, default: Response()].headers[String(decoding: name, as: UTF8.self)] = String(decoding: value, as: UTF8.self)
  }

  func session(frameReceived frame: UnsafePointer<nghttp2_frame>) {
    if UInt32(frame.pointee.hd.type) == NGHTTP2_GOAWAY.rawValue {
      self.goawayErrorCode = frame.pointee.goaway.error_code
      self.goawayCount += 1
    }
  }

  func session(dataChunk bytes: UnsafeRawBufferPointer, streamID: Int32) {
    self.responses[streamID, default: Response()].data.append(contentsOf: bytes)
    self.session.consumeConnection(bytes.count)
    self.session.consumeStream(streamID, bytes.count)
  }

  func session(frameSent frame: UnsafePointer<nghttp2_frame>) {}

  func session(streamClosed streamID: Int32, errorCode: UInt32) {
    self.responses[streamID, default: Response()].closed = true
    self.responses[streamID, default: Response()].resetCode = errorCode
  }

  func session(readData streamID: Int32, into buffer: UnsafeMutableRawBufferPointer, flags: inout UInt32) -> Int {
    guard var body = self.bodies[streamID] else { return Int(NGHTTP2_ERR_DEFERRED.rawValue) }
    let count = min(buffer.count, body.bytes.count)
    body.bytes.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
    body.bytes.removeFirst(count)
    self.bodies[streamID] = body
    if body.bytes.isEmpty {
      if body.endStream {
        flags |= NGHTTP2_DATA_FLAG_EOF.rawValue
      } else if count == 0 {
        return Int(NGHTTP2_ERR_DEFERRED.rawValue)
      }
    }
    return count
  }
}
