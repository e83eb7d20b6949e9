import GRPCCore
import GRPCNghttp2
import InteropProto

/// A server on 127.0.0.1 with a kernel-chosen port, serving `services`, for the duration of
/// `body`; the server is shut down gracefully afterwards and must stop within the grace period.
func withTestServer<Result: Sendable>(
  config: Nghttp2ServerTransport.Config = .defaults,
  services: [any RegistrableRPCService],
  _ body: (_ port: Int, _ transport: Nghttp2ServerTransport, _ server: GRPCServer<Nghttp2ServerTransport>) async throws -> Result
) async throws -> Result {
  let transport = Nghttp2ServerTransport(host: "127.0.0.1", port: 0, config: config)
  let server = GRPCServer(transport: transport, services: services)
  return try await withThrowingTaskGroup(of: Void.self) { group in
    group.addTask { try await server.serve() }
    let port = try await transport.listeningPort
    do {
      let result = try await body(port, transport, server)
      server.beginGracefulShutdown()
      try await group.waitForAll()
      return result
    } catch {
      server.beginGracefulShutdown()
      group.cancelAll()
      throw error
    }
  }
}

/// A GRPCCore client over an ``Nghttp2ClientTransport`` to `port`, for the duration of `body`.
func withTestClient<Result: Sendable>(
  port: Int,
  config: Nghttp2ClientTransport.Config = .defaults,
  _ body: (_ client: Grpc_Testing_TestService.Client<Nghttp2ClientTransport>, _ grpc: GRPCClient<Nghttp2ClientTransport>) async throws -> Result
) async throws -> Result {
  let transport = Nghttp2ClientTransport(host: "127.0.0.1", port: port, config: config)
  return try await withGRPCClient(transport: transport) { client in
    try await body(Grpc_Testing_TestService.Client(wrapping: client), client)
  }
}

/// Runs `body` and fails with a timeout error if it takes longer than `limit`.
func withTimeout<Result: Sendable>(
  _ limit: Duration,
  _ body: @escaping @Sendable () async throws -> Result
) async throws -> Result {
  try await withThrowingTaskGroup(of: Result?.self) { group in
    group.addTask { try await body() }
    group.addTask {
      try await Task.sleep(for: limit)
      return nil
    }
    guard let first = try await group.next(), let result = first else {
      group.cancelAll()
      throw TimeoutError(limit: limit)
    }
    group.cancelAll()
    return result
  }
}

struct TimeoutError: Error, CustomStringConvertible {
  var limit: Duration
  var description: String { "timed out after \(self.limit)" }
}

/// Polls `condition` every 10 ms until it holds or `limit` passes; returns whether it held.
func eventually(within limit: Duration = .seconds(5), _ condition: () -> Bool) async -> Bool {
  let deadline = ContinuousClock.now + limit
  while ContinuousClock.now < deadline {
    if condition() { return true }
    try? await Task.sleep(for: .milliseconds(10))
  }
  return condition()
}

extension CallOptions {
  static func timeout(_ duration: Duration) -> CallOptions {
    var options = CallOptions.defaults
    options.timeout = duration
    return options
  }

  static func compression(_ algorithm: CompressionAlgorithm) -> CallOptions {
    var options = CallOptions.defaults
    options.compression = algorithm
    return options
  }
}
