import GRPCCore
import NIOCore
import NIOPosix
import Synchronization

/// A GRPCCore `ServerTransport` that serves gRPC over HTTP/2 with prior knowledge (h2c) on
/// TCP, using SwiftNIO sockets and one libnghttp2 session per connection.
///
/// Each connection lives on one event loop of the group (by default one thread per core);
/// its session, streams and flow control are touched only there. Each accepted call runs
/// in its own task, which is cancelled when the client resets the stream.
///
/// ```swift
/// let transport = Nghttp2ServerTransport(host: "127.0.0.1", port: 0)
/// let server = GRPCServer(transport: transport, services: [MyService()])
/// try await withThrowingDiscardingTaskGroup { group in
///   group.addTask { try await server.serve() }
///   let port = try await transport.listeningPort
///   …
///   server.beginGracefulShutdown()
/// }
/// ```
public final class Nghttp2ServerTransport: ServerTransport {
  public typealias Bytes = [UInt8]

  public let host: String
  public let port: Int
  public let config: Config
  /// Counters about connections, streams and buffered bytes.
  public let statistics = TransportStatistics()

  private let group: any EventLoopGroup
  private let methods = Mutex<[String: MethodDescriptor]>([:])
  private let address: Mutex<AddressState>
  private let registry: ServerConnectionRegistry
  /// Finished when the listener and every connection have closed.
  private let drained: AsyncStream<Void>

  private enum AddressState {
    case waiting([CheckedContinuation<Int, any Error>])
    case bound(Int)
    case failed(any Error)
  }

  /// - Parameters:
  ///   - host: The address to listen on, such as `127.0.0.1` or `0.0.0.0`.
  ///   - port: The port; 0 picks a free one (see ``listeningPort``).
  ///   - config: Limits and timeouts.
  ///   - eventLoopGroup: The event loops that run connections; by default NIO's shared
  ///     group, which has one thread per core.
  public init(
    host: String,
    port: Int,
    config: Config = .defaults,
    eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
  ) {
    self.host = host
    self.port = port
    self.config = config
    self.group = eventLoopGroup
    self.address = Mutex(.waiting([]))
    let (drained, sink) = AsyncStream.makeStream(of: Void.self)
    self.drained = drained
    self.registry = ServerConnectionRegistry(maxConnections: config.maxConnections, onDrained: { sink.finish() })
  }

  /// The port the transport listens on, once it is listening.
  public var listeningPort: Int {
    get async throws {
      try await withCheckedThrowingContinuation { continuation in
        let result: Result<Int, any Error>? = self.address.withLock { state in
          switch state {
          case .waiting(var waiters):
            waiters.append(continuation)
            state = .waiting(waiters)
            return nil
          case .bound(let port):
            return .success(port)
          case .failed(let error):
            return .failure(error)
          }
        }
        if let result { continuation.resume(with: result) }
      }
    }
  }

  /// `observer` runs when a graceful shutdown begins, before connections are told; for
  /// example to report NOT_SERVING from a health service.
  public func whenShuttingDown(_ observer: @escaping @Sendable () -> Void) {
    self.registry.whenShuttingDown(observer)
  }

  public func configure(context: GRPCServerContext) {
    var byPath: [String: MethodDescriptor] = [:]
    for method in context.methods {
      byPath["/" + method.fullyQualifiedMethod] = method
    }
    self.methods.withLock { $0 = byPath }
  }

  public func listen(
    streamHandler: @escaping @Sendable (
      _ stream: RPCStream<Inbound, Outbound>,
      _ context: ServerContext
    ) async -> Void
  ) async throws {
    let dispatcher = RPCDispatcher(handler: streamHandler)
    let shared = ServerConnectionConfiguration(
      config: self.config,
      methods: self.methods.withLock { $0 },
      dispatcher: dispatcher,
      registry: self.registry,
      statistics: self.statistics
    )
    let bootstrap = ServerBootstrap(group: self.group)
      .serverChannelOption(.backlog, value: 256)
      .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
      .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
      .childChannelOption(.maxMessagesPerRead, value: 16)
      .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
          try channel.pipeline.syncOperations.addHandler(ServerConnectionHandler(shared: shared))
        }
      }

    let listener: any Channel
    do {
      listener = try await bootstrap.bind(host: self.host, port: self.port).get()
    } catch {
      self.resolveAddress(.failure(error))
      throw error
    }
    let registry = self.registry
    listener.closeFuture.whenComplete { _ in registry.listenerClosed() }
    self.resolveAddress(.success(listener.localAddress?.port ?? self.port))
    if !self.registry.listenerBound(listener) {
      listener.close(promise: nil)
    }

    await withTaskCancellationHandler {
      // Connections end first (GOAWAY, grace period); then the last handlers return.
      for await _ in self.drained {}
      await dispatcher.closeAndWait()
    } onCancel: {
      registry.closeAll()
      dispatcher.cancelAll()
    }
  }

  /// Stops accepting connections and calls: GOAWAY on every connection, in-flight calls
  /// may finish within ``Config/shutdownGracePeriod``, and `listen` returns once the last
  /// connection has closed.
  public func beginGracefulShutdown() {
    self.registry.beginGracefulShutdown()
  }

  private func resolveAddress(_ result: Result<Int, any Error>) {
    let waiters: [CheckedContinuation<Int, any Error>] = self.address.withLock { state in
      guard case .waiting(let waiters) = state else { return [] }
      switch result {
      case .success(let port): state = .bound(port)
      case .failure(let error): state = .failed(error)
      }
      return waiters
    }
    for waiter in waiters { waiter.resume(with: result) }
  }
}
