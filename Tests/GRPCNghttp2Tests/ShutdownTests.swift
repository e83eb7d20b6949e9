import BatonServer
import Foundation
import GRPCCore
import GRPCNghttp2
import InteropProto
import BatonProto
import Synchronization
import Testing

@Suite("Graceful shutdown")
struct ShutdownTests {
  @Test func inFlightCallsFinishAndNewCallsAreRefused() async throws {
    let probe = ServiceProbe()
    let health = HealthService()
    let transport = Nghttp2ServerTransport(host: "127.0.0.1", port: 0)
    transport.whenShuttingDown { health.enterShutdown() }
    let server = GRPCServer(transport: transport, services: [ScriptedTestService(probe: probe), health])
    do {
      let serving = Task { try await server.serve() }
      let port = try await transport.listeningPort
      try await withTestClient(port: port) { client, _ in
        // A call that takes 600 ms, in flight when the shutdown begins.
        let inFlight = Task {
          var request = Grpc_Testing_StreamingOutputCallRequest()
          request.responseParameters = (0..<3).map { _ in
            var parameters = Grpc_Testing_ResponseParameters()
            parameters.size = 1
            parameters.intervalUs = 200_000
            return parameters
          }
          return try await client.streamingOutputCall(request: ClientRequest(message: request)) { response in
            var count = 0
            for try await _ in response.messages { count += 1 }
            return count
          }
        }
        #expect(await eventually { probe.started == 1 })
        server.beginGracefulShutdown()

        // The open connection refuses new calls (UNAVAILABLE) while the old one finishes.
        let refused = await #expect(throws: RPCError.self) {
          try await client.emptyCall(request: ClientRequest(message: Grpc_Testing_Empty())) { try $0.message }
        }
        #expect(refused?.code == .unavailable)
        let count = try await inFlight.value
        #expect(count == 3)
        #expect(probe.completed == 1)
      }
      try await withTimeout(.seconds(5)) { try await serving.value }
    }
    var request = Grpc_Health_V1_HealthCheckRequest()
    request.service = ""
    #expect(try await health.check(request: ServerRequest(metadata: [:], message: request), context: Self.context()).message.status == .notServing)
  }

  @Test func callsLongerThanTheGracePeriodAreCancelled() async throws {
    let probe = ServiceProbe()
    var config = Nghttp2ServerTransport.Config()
    config.shutdownGracePeriod = .milliseconds(300)
    let transport = Nghttp2ServerTransport(host: "127.0.0.1", port: 0, config: config)
    let server = GRPCServer(transport: transport, services: [ScriptedTestService(probe: probe)])
    do {
      let serving = Task { try await server.serve() }
      let port = try await transport.listeningPort
      try await withTestClient(port: port) { client, _ in
        let hanging = Task {
          try await client.unaryCall(request: ClientRequest(message: Grpc_Testing_SimpleRequest(), metadata: ["x-mode": "hang"])) { try $0.message }
        }
        #expect(await eventually { probe.started == 1 })
        let start = ContinuousClock.now
        server.beginGracefulShutdown()
        let result = await hanging.result
        #expect(throws: RPCError.self) { try result.get() }
        // Well before the handler's 60 s sleep ends, even on a loaded machine.
        #expect(ContinuousClock.now - start < .seconds(10))
        #expect(await eventually { probe.cancelled == 1 })
      }
      try await withTimeout(.seconds(5)) { try await serving.value }
    }
  }

  @Test func clientStopsWhenTheCodeUsingItThrows() async throws {
    try await withTestServer(services: [HealthService()]) { port, _, _ in
      let outcome = await Self.clientOutcome(port: port) { grpc in
        _ = try await Grpc_Health_V1_Health.Client(wrapping: grpc).check(Grpc_Health_V1_HealthCheckRequest())
        throw CancellationError()
      }
      #expect(outcome is CancellationError)
    }
  }

  @Test func clientStopsWhenItCannotConnect() async throws {
    let port = try await withTestServer(services: []) { port, _, _ in port }
    let outcome = await Self.clientOutcome(port: port) { grpc in
      _ = try await Grpc_Health_V1_Health.Client(wrapping: grpc).check(Grpc_Health_V1_HealthCheckRequest())
    }
    #expect((outcome as? RPCError)?.code == .unavailable)
  }

  /// The error `withGRPCClient` ends with, or a timeout error if it is still running after
  /// five seconds (left running: a client that ignores cancellation cannot be awaited).
  private static func clientOutcome(
    port: Int, _ body: @escaping @Sendable (GRPCClient<Nghttp2ClientTransport>) async throws -> Void
  ) async -> (any Error)? {
    let outcome = Mutex<(any Error)??>(nil)
    Task {
      do {
        try await withGRPCClient(transport: Nghttp2ClientTransport(host: "127.0.0.1", port: port), handleClient: body)
        outcome.withLock { $0 = .some(nil) }
      } catch {
        outcome.withLock { $0 = .some(error) }
      }
    }
    // Generous: a full parallel run on two cores has starved the pool for over 5 s.
    guard await eventually(within: .seconds(30), { outcome.withLock { $0 != nil } }) else {
      return TimeoutError(limit: .seconds(30))
    }
    return outcome.withLock { $0 ?? nil }
  }

  private static func context() -> ServerContext {
    ServerContext(
      descriptor: Grpc_Health_V1_Health.Method.Check.descriptor,
      remotePeer: "test",
      localPeer: "test",
      cancellation: ServerContext.RPCCancellationHandle()
    )
  }
}
