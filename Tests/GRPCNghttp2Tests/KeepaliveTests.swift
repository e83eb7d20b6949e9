import Foundation
import GRPCCore
import GRPCNghttp2
import InteropProto
import Testing

@Suite("Keepalive and PING policy")
struct KeepaliveTests {
  private static var fastKeepalive: Nghttp2ServerTransport.Config {
    var config = Nghttp2ServerTransport.Config()
    config.keepalive.time = .milliseconds(300)
    config.keepalive.timeout = .seconds(1)
    return config
  }

  @Test func connectionThatStopsAnsweringPingsIsClosed() async throws {
    try await withTestServer(config: Self.fastKeepalive, services: [ScriptedTestService(probe: ServiceProbe())]) {
      port, transport, _ in
      let connection = try RawHTTP2Connection(port: port)
      // Pumping answers the server's PINGs, so a slow start on a loaded machine cannot let
      // keepalive close the connection before it is seen open.
      let deadline = ContinuousClock.now + .seconds(10)
      while transport.statistics.connections != 1, ContinuousClock.now < deadline {
        await connection.pump(for: .milliseconds(50))
      }
      #expect(transport.statistics.connections == 1)
      // A peer that vanished: nothing is read, so no PING is acknowledged.
      connection.readsPaused = true
      #expect(await eventually(within: .seconds(10)) { transport.statistics.connections == 0 })
    }
  }

  @Test func connectionThatAnswersPingsStaysOpen() async throws {
    // A 5 s timeout tolerates a pump starved by the rest of a parallel test run on two cores
    // (a 2 s one did not, once); 12 s is past the point where an unanswered PING would have
    // closed the connection.
    var config = Self.fastKeepalive
    config.keepalive.timeout = .seconds(5)
    try await withTestServer(config: config, services: [ScriptedTestService(probe: ServiceProbe())]) {
      port, transport, _ in
      let connection = try RawHTTP2Connection(port: port)
      // Idle but alive: nghttp2 acknowledges the server's PINGs as they arrive.
      await connection.pump(for: .seconds(12))
      #expect(!connection.peerClosed)
      #expect(transport.statistics.connections == 1)
    }
  }

  @Test func connectionThatNeverSpeaksHTTP2IsClosedAfterTheHandshakeTimeout() async throws {
    var config = Nghttp2ServerTransport.Config()
    config.handshakeTimeout = .seconds(1)
    try await withTestServer(config: config, services: [ScriptedTestService(probe: ServiceProbe())]) {
      port, transport, _ in
      let silent = try RawSocket(port: port)
      let speaking = try RawHTTP2Connection(port: port)
      #expect(await silent.waitForClose(timeout: .seconds(10)))
      // Past the timeout, the connection that spoke is still open.
      await speaking.pump(for: .milliseconds(1_500))
      #expect(!speaking.peerClosed)
      #expect(transport.statistics.connections == 1)
    }
  }

  @Test func pingFloodGetsEnhanceYourCalm() async throws {
    try await withTestServer(services: [ScriptedTestService(probe: ServiceProbe())]) { port, _, _ in
      let connection = try RawHTTP2Connection(port: port)
      // One burst: the PINGs after the one that ends the connection change nothing.
      for index in 0..<200 where !connection.peerClosed {
        connection.ping(UInt64(index))
      }
      #expect(await connection.waitForPeerClose(timeout: .seconds(5)))
      #expect(connection.goawayErrorCode == 11)  // ENHANCE_YOUR_CALM
      #expect(connection.goawayCount == 1)
    }
  }
}
