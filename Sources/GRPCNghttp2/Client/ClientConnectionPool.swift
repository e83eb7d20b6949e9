import GRPCCore
import NIOCore
import NIOPosix
import Synchronization

/// The connections of one client transport: at most one takes new calls; others that got
/// GOAWAY (or are shutting down) finish their calls and close.
///
/// A connection is opened by the first call that needs one and replaced when it stops
/// taking calls, so a server restart costs the calls in flight, not the client.
final class ClientConnectionPool: Sendable {
  /// A connection as callers see it.
  struct Connection: Sendable {
    var id: Int
    var channel: any Channel
    var handler: NIOLoopBound<ClientConnectionHandler>
    var mailbox: LoopMailbox<ClientConnectionHandler, ClientConnectionOperation>
  }

  private enum Current {
    case none
    case connecting([CheckedContinuation<Connection, any Error>])
    case ready(Connection)
  }

  private struct State {
    var current: Current = .none
    var open: [Int: Connection] = [:]
    var nextID = 0
    var shuttingDown = false
    var drained: CheckedContinuation<Void, Never>?
    var finished = false
  }

  private let state = Mutex(State())
  private let host: String
  private let port: Int
  private let config: Nghttp2ClientTransport.Config
  private let group: any EventLoopGroup

  init(host: String, port: Int, config: Nghttp2ClientTransport.Config, group: any EventLoopGroup) {
    self.host = host
    self.port = port
    self.config = config
    self.group = group
  }

  /// A connection that takes new calls, opening one if needed.
  func connection() async throws -> Connection {
    enum Next {
      case use(Connection)
      case connect(Int)
      case wait
      case fail(RPCError)
    }
    return try await withCheckedThrowingContinuation { continuation in
      let next: Next = self.state.withLock { state in
        if state.shuttingDown {
          return .fail(RPCError(code: .unavailable, message: "The client transport is shutting down."))
        }
        switch state.current {
        case .ready(let connection):
          return .use(connection)
        case .connecting(var waiters):
          waiters.append(continuation)
          state.current = .connecting(waiters)
          return .wait
        case .none:
          state.current = .connecting([continuation])
          defer { state.nextID += 1 }
          return .connect(state.nextID)
        }
      }
      switch next {
      case .use(let connection): continuation.resume(returning: connection)
      case .fail(let error): continuation.resume(throwing: error)
      case .wait: ()
      case .connect(let id): self.connect(id: id)
      }
    }
  }

  private func connect(id: Int) {
    let config = self.config
    let authority = "\(self.host):\(self.port)"
    let bootstrap = ClientBootstrap(group: self.group)
      .channelOption(.socketOption(.tcp_nodelay), value: 1)
      .connectTimeout(TimeAmount(config.connectTimeout))
      .channelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
          let handler = ClientConnectionHandler(
            config: config,
            authority: authority,
            onUnusable: { [weak self] in self?.connectionUnusable(id: id) },
            onClosed: { [weak self] in self?.connectionClosed(id: id) }
          )
          try channel.pipeline.syncOperations.addHandler(handler)
        }
      }
    let future = bootstrap.connect(host: self.host, port: self.port).flatMapThrowing { channel in
      let handler = try channel.pipeline.syncOperations.handler(type: ClientConnectionHandler.self)
      let bound = NIOLoopBound(handler, eventLoop: channel.eventLoop)
      let mailbox = LoopMailbox<ClientConnectionHandler, ClientConnectionOperation>(target: bound) { handler, operations in
        handler.process(operations)
      }
      return Connection(id: id, channel: channel, handler: bound, mailbox: mailbox)
    }
    future.whenComplete { result in
      let (waiters, outcome, shutDown):
        ([CheckedContinuation<Connection, any Error>], Result<Connection, any Error>, Bool) =
        self.state.withLock { state in
          let waiters: [CheckedContinuation<Connection, any Error>]
          if case .connecting(let pending) = state.current { waiters = pending } else { waiters = [] }
          switch result {
          case .success(let connection):
            state.open[id] = connection
            state.current = state.shuttingDown ? .none : .ready(connection)
            return (waiters, .success(connection), state.shuttingDown)
          case .failure(let error):
            state.current = .none
            let rpcError = RPCError(code: .unavailable, message: "Could not connect to \(authority): \(error)")
            return (waiters, .failure(rpcError), false)
          }
        }
      if shutDown, case .success(let connection) = outcome {
        let handler = connection.handler
        handler.eventLoop.execute { handler.value.shutDownWhenIdle() }
      }
      for waiter in waiters { waiter.resume(with: outcome) }
    }
  }

  private func connectionUnusable(id: Int) {
    self.state.withLock { state in
      if case .ready(let connection) = state.current, connection.id == id {
        state.current = .none
      }
    }
  }

  private func connectionClosed(id: Int) {
    let drained: CheckedContinuation<Void, Never>? = self.state.withLock { state in
      state.open[id] = nil
      if case .ready(let connection) = state.current, connection.id == id {
        state.current = .none
      }
      return Self.takeDrained(&state)
    }
    drained?.resume()
  }

  /// Waits until ``shutDown()`` has been called and every connection has closed.
  func runUntilShutDown() async {
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
      let resumeNow: Bool = self.state.withLock { state in
        state.drained = continuation
        return Self.takeDrained(&state) != nil
      }
      if resumeNow { continuation.resume() }
    }
  }

  func shutDown() {
    let (connections, drained): ([Connection], CheckedContinuation<Void, Never>?) = self.state.withLock { state in
      state.shuttingDown = true
      state.current = .none
      return (Array(state.open.values), Self.takeDrained(&state))
    }
    for connection in connections {
      let handler = connection.handler
      handler.eventLoop.execute { handler.value.shutDownWhenIdle() }
    }
    drained?.resume()
  }

  private static func takeDrained(_ state: inout State) -> CheckedContinuation<Void, Never>? {
    guard state.shuttingDown, state.open.isEmpty, !state.finished, case .none = state.current,
      let drained = state.drained
    else { return nil }
    state.finished = true
    state.drained = nil
    return drained
  }
}
