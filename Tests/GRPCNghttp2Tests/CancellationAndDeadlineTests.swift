import Foundation
import GRPCCore
import GRPCNghttp2
import InteropProto
import Testing

@Suite("Cancellation and deadlines")
struct CancellationAndDeadlineTests {
  private static func hangingRequest() -> ClientRequest<Grpc_Testing_SimpleRequest> {
    ClientRequest(message: Grpc_Testing_SimpleRequest(), metadata: ["x-mode": "hang"])
  }

  @Test func clientCancellationCancelsTheHandlersTask() async throws {
    let probe = ServiceProbe()
    try await withTestServer(services: [ScriptedTestService(probe: probe)]) { port, _, _ in
      try await withTestClient(port: port) { client, _ in
        let call = Task {
          try await client.unaryCall(request: Self.hangingRequest()) { try $0.message }
        }
        #expect(await eventually { probe.started == 1 })
        call.cancel()
        let result = await call.result
        #expect(throws: (any Error).self) { try result.get() }
        // RST_STREAM reached the server, whose handler task was cancelled out of its sleep.
        #expect(await eventually { probe.cancelled == 1 })
      }
    }
  }

  @Test func aServerThatNeverSpeaksHTTP2FailsTheCallAfterTheConnectTimeout() async throws {
    // A listening socket nobody accepts from: the kernel completes TCP handshakes, and
    // nothing is ever sent back.
    let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(listener) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
      pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
        bind(listener, address, length) == 0 && listen(listener, 8) == 0 && getsockname(listener, address, &length) == 0
      }
    }
    try #require(bound)
    let port = Int(UInt16(bigEndian: address.sin_port))
    var config = Nghttp2ClientTransport.Config.defaults
    config.connectTimeout = .milliseconds(300)
    let error = try await withTimeout(.seconds(10)) { [config] in
      try await withTestClient(port: port, config: config) { client, _ in
        await #expect(throws: RPCError.self) {
          try await client.emptyCall(request: ClientRequest(message: Grpc_Testing_Empty()))
        }
      }
    }
    #expect(error?.code == .unavailable)
    #expect(error?.message.contains("sent no HTTP/2 frame") == true)
  }

  @Test func clientStopsReadingAServerStreamAndTheHandlerIsCancelled() async throws {
    let probe = ServiceProbe()
    try await withTestServer(services: [ScriptedTestService(probe: probe)]) { port, _, _ in
      try await withTestClient(port: port) { client, _ in
        var request = Grpc_Testing_StreamingOutputCallRequest()
        request.responseParameters = (0..<100).map { _ in
          var parameters = Grpc_Testing_ResponseParameters()
          parameters.size = 10
          parameters.intervalUs = 50_000
          return parameters
        }
        // Return after the first message: the client resets the rest of the stream.
        let first = try await client.streamingOutputCall(request: ClientRequest(message: request)) { response in
          for try await message in response.messages { return message.payload?.body.count }
          return nil
        }
        #expect(first == 10)
        #expect(await eventually { probe.cancelled == 1 })
        #expect(probe.completed == 0)
      }
    }
  }

  @Test func serverCancellationReachesTheClient() async throws {
    let probe = ServiceProbe()
    try await withTestServer(services: [ScriptedTestService(probe: probe)]) { port, _, _ in
      try await withTestClient(port: port) { client, _ in
        let request = StreamingClientRequest<Grpc_Testing_StreamingOutputCallRequest>(metadata: ["x-mode": "abort"]) { writer in
          var message = Grpc_Testing_StreamingOutputCallRequest()
          var parameters = Grpc_Testing_ResponseParameters()
          parameters.size = 5
          message.responseParameters = [parameters]
          try await writer.write(message)
          // Keep the request open: the server ends the call on its own.
          try await Task.sleep(for: .seconds(30))
        }
        let error = await #expect(throws: RPCError.self) {
          try await client.fullDuplexCall(request: request) { response in
            var count = 0
            for try await _ in response.messages { count += 1 }
            return count
          }
        }
        #expect(error?.code == .cancelled)
        #expect(error?.message == "The server cancelled the call.")
      }
    }
  }

  @Test func deadlineExceededEndsTheCallAndCancelsTheHandler() async throws {
    let probe = ServiceProbe()
    try await withTestServer(services: [ScriptedTestService(probe: probe)]) { port, _, _ in
      try await withTestClient(port: port) { client, _ in
        // Connect first, so that the deadline covers the call and not the TCP handshake.
        _ = try await client.emptyCall(request: ClientRequest(message: Grpc_Testing_Empty())) { try $0.message }
        let start = ContinuousClock.now
        let error = await #expect(throws: RPCError.self) {
          try await client.unaryCall(request: Self.hangingRequest(), options: .timeout(.milliseconds(500))) { try $0.message }
        }
        #expect(error?.code == .deadlineExceeded)
        #expect(ContinuousClock.now - start < .seconds(5))
        #expect(await eventually { probe.cancelled == 1 })
      }
    }
  }

  @Test func serverEnforcesGrpcTimeoutOnItsOwn() async throws {
    let probe = ServiceProbe()
    try await withTestServer(services: [ScriptedTestService(probe: probe)]) { port, _, _ in
      // A raw client sends grpc-timeout but never gives up itself: the answer must come
      // from the server's deadline.
      let connection = try RawHTTP2Connection(port: port)
      let id = connection.sendRequest(
        path: "/grpc.testing.TestService/UnaryCall",
        extraHeaders: [("grpc-timeout", "150m"), ("x-mode", "hang")],
        body: RawHTTP2Connection.frame([]),
        endStream: true
      )
      let response = try await connection.waitForClose(of: id, timeout: .seconds(5))
      #expect(response.status == "4")
      #expect(await eventually { probe.cancelled == 1 })
    }
  }

  @Test func longestGrpcTimeoutIsAcceptedWithoutOverflow() async throws {
    // 99999999 hours is valid on the wire and has more nanoseconds than 64 bits hold.
    try await withTestServer(services: [ScriptedTestService(probe: ServiceProbe())]) { port, _, _ in
      let connection = try RawHTTP2Connection(port: port)
      let id = connection.sendRequest(
        path: "/grpc.testing.TestService/EmptyCall",
        extraHeaders: [("grpc-timeout", "99999999H")],
        body: RawHTTP2Connection.frame([]),
        endStream: true
      )
      #expect(try await connection.waitForClose(of: id, timeout: .seconds(5)).status == "0")
    }
  }
}
