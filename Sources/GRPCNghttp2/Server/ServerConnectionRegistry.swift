import NIOCore
import Synchronization

/// The listener and the open connections of one server transport, so that a shutdown can
/// reach all of them and the transport knows when the last one has gone.
final class ServerConnectionRegistry: Sendable {
  /// How the registry reaches a connection, which lives on its own event loop.
  struct Connection: Sendable {
    var beginGracefulShutdown: @Sendable () -> Void
    var close: @Sendable () -> Void
  }

  private struct State {
    var listener: (any Channel)?
    var listenerClosed = false
    var connections: [Int: Connection] = [:]
    var nextID = 0
    var shuttingDown = false
    var drained = false
    var shutdownObservers: [@Sendable () -> Void] = []
  }

  private let state = Mutex(State())
  private let maxConnections: Int
  private let onDrained: @Sendable () -> Void

  /// `onDrained` runs once, when the listener is closed and no connection remains.
  init(maxConnections: Int, onDrained: @escaping @Sendable () -> Void) {
    self.maxConnections = maxConnections
    self.onDrained = onDrained
  }

  /// Registers a new connection; nil when the transport has already drained or as many
  /// connections as allowed are open (close it).
  func register(_ connection: Connection) -> Int? {
    let (id, shuttingDown): (Int?, Bool) = self.state.withLock { state in
      guard !state.drained, state.connections.count < self.maxConnections else { return (nil, false) }
      defer { state.nextID += 1 }
      state.connections[state.nextID] = connection
      return (state.nextID, state.shuttingDown)
    }
    if id != nil, shuttingDown { connection.beginGracefulShutdown() }
    return id
  }

  func deregister(_ id: Int) {
    let drained = self.state.withLock { state in
      state.connections[id] = nil
      return Self.checkDrained(&state)
    }
    if drained { self.onDrained() }
  }

  /// Records the bound listener; returns false if a shutdown came first (close it).
  func listenerBound(_ channel: any Channel) -> Bool {
    self.state.withLock { state in
      guard !state.shuttingDown else { return false }
      state.listener = channel
      return true
    }
  }

  func listenerClosed() {
    let drained = self.state.withLock { state in
      state.listenerClosed = true
      return Self.checkDrained(&state)
    }
    if drained { self.onDrained() }
  }

  /// `observer` runs when a graceful shutdown begins (at once if it already has).
  func whenShuttingDown(_ observer: @escaping @Sendable () -> Void) {
    let now = self.state.withLock { state in
      if state.shuttingDown { return true }
      state.shutdownObservers.append(observer)
      return false
    }
    if now { observer() }
  }

  var isShuttingDown: Bool {
    self.state.withLock { $0.shuttingDown }
  }

  func beginGracefulShutdown() {
    let (listener, connections, observers): ((any Channel)?, [Connection], [@Sendable () -> Void]) =
      self.state.withLock { state in
        guard !state.shuttingDown else { return (nil, [], []) }
        state.shuttingDown = true
        defer { state.shutdownObservers = [] }
        return (state.listener, Array(state.connections.values), state.shutdownObservers)
      }
    for observer in observers { observer() }
    listener?.close(promise: nil)
    for connection in connections { connection.beginGracefulShutdown() }
  }

  /// Closes the listener and every connection at once.
  func closeAll() {
    let (listener, connections): ((any Channel)?, [Connection]) = self.state.withLock { state in
      state.shuttingDown = true
      return (state.listener, Array(state.connections.values))
    }
    listener?.close(promise: nil)
    for connection in connections { connection.close() }
  }

  private static func checkDrained(_ state: inout State) -> Bool {
    guard !state.drained, state.listenerClosed, state.connections.isEmpty else { return false }
    state.drained = true
    return true
  }
}
