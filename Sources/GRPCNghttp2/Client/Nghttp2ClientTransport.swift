import GRPCCore
import NIOCore
import NIOPosix
import Synchronization

/// A GRPCCore `ClientTransport` that speaks gRPC over HTTP/2 with prior knowledge (h2c) to
/// one server, using SwiftNIO sockets and libnghttp2 client sessions.
///
/// Calls share one connection, opened by the first call; a connection that receives GOAWAY
/// or fails is replaced for later calls. Use it with GRPCCore's `GRPCClient`:
///
/// ```swift
/// let transport = Nghttp2ClientTransport(host: "127.0.0.1", port: port)
/// try await withGRPCClient(transport: transport) { client in
///   let health = Grpc_Health_V1_Health.Client(wrapping: client)
///   let reply = try await health.check(Grpc_Health_V1_HealthCheckRequest())
/// }
/// ```
public final class Nghttp2ClientTransport: ClientTransport {
  public typealias Bytes = [UInt8]

  public let host: String
  public let port: Int
  public let config: Config
  public let statistics = TransportStatistics()
  public var retryThrottle: RetryThrottle? { nil }

  private let pool: ClientConnectionPool
  private let nextStreamKey = Mutex<UInt64>(0)

  public init(
    host: String,
    port: Int,
    config: Config = .defaults,
    eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
  ) {
    self.host = host
    self.port = port
    self.config = config
    self.pool = ClientConnectionPool(host: host, port: port, config: config, group: eventLoopGroup)
  }

  /// Runs until ``beginGracefulShutdown()`` or cancellation, and the last connection has
  /// closed; connections themselves open on demand.
  public func connect() async throws {
    // `withGRPCClient` cancels this task when the code using the client throws, and then
    // waits for it: cancellation must shut down like beginGracefulShutdown().
    await withTaskCancellationHandler {
      await self.pool.runUntilShutDown()
    } onCancel: {
      self.pool.shutDown()
    }
  }

  /// Refuses new calls; open connections close once their calls have finished.
  public func beginGracefulShutdown() {
    self.pool.shutDown()
  }

  public func config(forMethod descriptor: MethodDescriptor) -> MethodConfig? {
    nil
  }

  public func withStream<T: Sendable>(
    descriptor: MethodDescriptor,
    options: CallOptions,
    _ closure: (_ stream: RPCStream<Inbound, Outbound>, _ context: ClientContext) async throws -> T
  ) async throws -> T {
    let connection = try await self.pool.connection()
    let key = self.nextStreamKey.withLock { key in
      defer { key += 1 }
      return key
    }
    let bridge = ClientStreamBridge(
      key: key,
      descriptor: descriptor,
      connection: connection.mailbox,
      config: self.config,
      options: options,
      statistics: self.statistics
    )
    let stream = RPCStream(
      descriptor: descriptor,
      inbound: RPCAsyncSequence(wrapping: bridge.inbound),
      outbound: RPCWriter.Closable(wrapping: ClientRequestWriter(bridge: bridge))
    )
    let context = ClientContext(
      descriptor: descriptor,
      remotePeer: connection.channel.remoteAddress.map { "\($0)" } ?? "\(self.host):\(self.port)",
      localPeer: connection.channel.localAddress.map { "\($0)" } ?? "unknown"
    )
    // Whatever way the closure ends, a stream that is still open is reset: a caller that
    // stopped listening must not leave the server working.
    defer { bridge.cancel() }
    return try await withTaskCancellationHandler {
      try await closure(stream, context)
    } onCancel: {
      bridge.cancel()
    }
  }
}
