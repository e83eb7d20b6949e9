import Foundation
import GRPCCore
import GRPCNghttp2
import InteropProto
import Testing

@Suite("Malformed input and abuse")
struct MalformedInputTests {
  /// A call on a fresh connection succeeds: the server still serves.
  private static func serverStillServes(port: Int) async throws {
    try await withTestClient(port: port) { client, _ in
      var request = Grpc_Testing_SimpleRequest()
      request.responseSize = 3
      let response = try await client.unaryCall(request: ClientRequest(message: request)) { try $0.message }
      #expect(response.payload?.body.count == 3)
    }
  }

  @Test func badConnectionPrefaceClosesOnlyThatConnection() async throws {
    try await withTestServer(services: [ScriptedTestService(probe: ServiceProbe())]) { port, _, _ in
      let raw = try RawSocket(port: port)
      raw.send(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8) + [UInt8](repeating: 0x41, count: 100))
      #expect(await raw.waitForClose(timeout: .seconds(5)))
      try await Self.serverStillServes(port: port)
    }
  }

  @Test func garbageOnOneConnectionDoesNotDisturbACallOnAnother() async throws {
    let probe = ServiceProbe()
    try await withTestServer(services: [ScriptedTestService(probe: probe)]) { port, _, _ in
      try await withTestClient(port: port) { client, _ in
        let inFlight = Task {
          var request = Grpc_Testing_StreamingOutputCallRequest()
          request.responseParameters = (0..<5).map { _ in
            var parameters = Grpc_Testing_ResponseParameters()
            parameters.size = 100
            parameters.intervalUs = 50_000
            return parameters
          }
          return try await client.streamingOutputCall(request: ClientRequest(message: request)) { response in
            var count = 0
            for try await _ in response.messages { count += 1 }
            return count
          }
        }
        #expect(await eventually { probe.started == 1 })
        // A valid preface, then a frame header announcing a 16 MiB frame of unknown garbage.
        let connection = try RawHTTP2Connection(port: port)
        connection.sendRaw([0xFF, 0xFF, 0xFF, 0x00, 0xFF, 0x00, 0x00, 0x00, 0x01] + [UInt8](repeating: 0xEE, count: 4096))
        #expect(await connection.waitForPeerClose(timeout: .seconds(5)))
        let count = try await inFlight.value
        #expect(count == 5)
      }
    }
  }

  @Test func wrongLengthPrefixEndsTheCallWithInternal() async throws {
    try await withTestServer(services: [ScriptedTestService(probe: ServiceProbe())]) { port, _, _ in
      let connection = try RawHTTP2Connection(port: port)
      // The prefix announces 100 bytes; the stream ends after 3.
      let id = connection.sendRequest(
        path: "/grpc.testing.TestService/UnaryCall",
        body: [0, 0, 0, 0, 100, 1, 2, 3],
        endStream: true
      )
      let response = try await connection.waitForClose(of: id, timeout: .seconds(5))
      #expect(response.status == "13")
      try await Self.serverStillServes(port: port)
    }
  }

  @Test func undecodableMessageIsInvalidArgument() async throws {
    try await withTestServer(services: [ScriptedTestService(probe: ServiceProbe())]) { port, _, _ in
      let connection = try RawHTTP2Connection(port: port)
      // Field 2 declared as length-delimited with a length past the end.
      let id = connection.sendRequest(
        path: "/grpc.testing.TestService/UnaryCall",
        body: RawHTTP2Connection.frame([0x12, 0x7F, 0x01]),
        endStream: true
      )
      let response = try await connection.waitForClose(of: id, timeout: .seconds(5))
      #expect(response.status == "3")
      try await Self.serverStillServes(port: port)
    }
  }

  @Test func headersWithoutPathAreRefused() async throws {
    try await withTestServer(services: [ScriptedTestService(probe: ServiceProbe())]) { port, _, _ in
      let connection = try RawHTTP2Connection(port: port)
      let id = connection.sendRequest(path: nil, body: RawHTTP2Connection.frame([]), endStream: true)
      let response = try await connection.waitForClose(of: id, timeout: .seconds(5))
      // nghttp2's HTTP messaging checks reset the stream with PROTOCOL_ERROR.
      #expect(response.resetCode == 1)
      #expect(response.status == nil)
      try await Self.serverStillServes(port: port)
    }
  }

  @Test func wrongContentTypeIsRefusedWith415() async throws {
    try await withTestServer(services: [ScriptedTestService(probe: ServiceProbe())]) { port, _, _ in
      let connection = try RawHTTP2Connection(port: port)
      let id = connection.sendRequest(
        path: "/grpc.testing.TestService/EmptyCall",
        contentType: "application/json",
        body: Array("{}".utf8),
        endStream: true
      )
      let response = try await connection.waitForClose(of: id, timeout: .seconds(5))
      #expect(response.headers[":status"] == "415")
    }
  }

  @Test func requestOnAClosedStreamIsAConnectionError() async throws {
    try await withTestServer(services: [ScriptedTestService(probe: ServiceProbe())]) { port, _, _ in
      let connection = try RawHTTP2Connection(port: port)
      let id = connection.sendRequest(
        path: "/grpc.testing.TestService/EmptyCall", body: RawHTTP2Connection.frame([]), endStream: true)
      #expect(try await connection.waitForClose(of: id, timeout: .seconds(5)).status == "0")
      // The same stream id again, as HEADERS with literal (unindexed) fields, past nghttp2's client.
      var block: [UInt8] = []
      for (name, value) in [
        (":method", "POST"), (":scheme", "http"), (":path", "/grpc.testing.TestService/EmptyCall"),
        (":authority", "localhost"), ("content-type", "application/grpc"), ("te", "trailers"),
      ] {
        block += [0x00, UInt8(name.utf8.count)] + Array(name.utf8) + [UInt8(value.utf8.count)] + Array(value.utf8)
      }
      let endHeadersAndStream: UInt8 = 0x4 | 0x1
      connection.sendRaw(
        [0, 0, UInt8(block.count), 0x1, endHeadersAndStream, 0, 0, 0, UInt8(id)] + block)
      #expect(await connection.waitForPeerClose(timeout: .seconds(5)))
      #expect(connection.goawayErrorCode == 5)  // STREAM_CLOSED (RFC 9113 §5.1)
      try await Self.serverStillServes(port: port)
    }
  }

  @Test func oversizedHeaderListIsResourceExhausted() async throws {
    try await withTestServer(services: [ScriptedTestService(probe: ServiceProbe())]) { port, _, _ in
      let connection = try RawHTTP2Connection(port: port)
      let id = connection.sendRequest(
        path: "/grpc.testing.TestService/EmptyCall",
        extraHeaders: (0..<40).map { ("x-filler-\($0)", String(repeating: "v", count: 1000)) },
        body: RawHTTP2Connection.frame([]),
        endStream: true
      )
      let response = try await connection.waitForClose(of: id, timeout: .seconds(5))
      #expect(response.status == "8")
      try await Self.serverStillServes(port: port)
    }
  }

  @Test func rapidResetFloodClosesTheConnection() async throws {
    var config = Nghttp2ServerTransport.Config()
    config.resetBurst = 100
    config.resetsPerSecond = 10
    try await withTestServer(config: config, services: [ScriptedTestService(probe: ServiceProbe())]) { port, _, _ in
      let connection = try RawHTTP2Connection(port: port)
      for _ in 0..<400 where !connection.peerClosed {
        let id = connection.sendRequest(
          path: "/grpc.testing.TestService/UnaryCall",
          extraHeaders: [("x-mode", "hang")],
          body: RawHTTP2Connection.frame([]),
          endStream: true
        )
        connection.resetStream(id)
      }
      #expect(await connection.waitForPeerClose(timeout: .seconds(5)))
      #expect(connection.goawayErrorCode == 11)  // ENHANCE_YOUR_CALM
      try await Self.serverStillServes(port: port)
    }
  }
}

/// A plain TCP socket for bytes that are not HTTP/2 at all.
final class RawSocket {
  private let fd: Int32

  init(port: Int) throws {
    self.fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let result = withUnsafePointer(to: &address) { pointer in
      pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(self.fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard result == 0 else { throw RawHTTP2Connection.Failure(description: "connect() failed") }
  }

  deinit { close(self.fd) }

  func send(_ bytes: [UInt8]) {
    _ = bytes.withUnsafeBytes { Glibc.send(self.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
  }

  /// Reads and discards until the peer closes; returns whether it did within `timeout`.
  func waitForClose(timeout: Duration) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    var buffer = [UInt8](repeating: 0, count: 4096)
    while ContinuousClock.now < deadline {
      let received = buffer.withUnsafeMutableBytes { recv(self.fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
      if received == 0 { return true }
      if received < 0, errno != EAGAIN, errno != EWOULDBLOCK { return true }
      try? await Task.sleep(for: .milliseconds(5))
    }
    return false
  }
}
