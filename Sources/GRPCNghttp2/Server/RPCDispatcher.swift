import GRPCCore
import Synchronization

/// Starts a task for each accepted call, straight from the connection's event loop, and
/// keeps count so the transport knows when the last handler has returned.
///
/// Each call gets a task of its own (rather than a child of one task group) so that a
/// stream reset can cancel exactly that task, and so that accepting a call costs no hop
/// through another task first.
final class RPCDispatcher: Sendable {
  typealias StreamHandler = @Sendable (
    _ stream: RPCStream<Nghttp2ServerTransport.Inbound, Nghttp2ServerTransport.Outbound>,
    _ context: ServerContext
  ) async -> Void

  private struct State {
    var running: [ObjectIdentifier: ServerRPCControl] = [:]
    var closed = false
    var idleWaiter: CheckedContinuation<Void, Never>?
  }

  private let state = Mutex(State())
  private let handler: StreamHandler

  init(handler: @escaping StreamHandler) {
    self.handler = handler
  }

  /// Starts `rpc`'s handler; returns false once the transport has stopped.
  func start(_ rpc: AcceptedRPC) -> Bool {
    let id = ObjectIdentifier(rpc.control)
    let started = self.state.withLock { state in
      guard !state.closed else { return false }
      state.running[id] = rpc.control
      return true
    }
    guard started else { return false }
    let handler = self.handler
    let task = Task {
      await withServerContextRPCCancellationHandle { handle in
        rpc.control.attach(handle: handle)
        var context = ServerContext(
          descriptor: rpc.descriptor,
          remotePeer: rpc.remotePeer,
          localPeer: rpc.localPeer,
          cancellation: handle
        )
        context.transportSpecific = rpc.context
        let stream = RPCStream(
          descriptor: rpc.descriptor,
          inbound: RPCAsyncSequence(wrapping: rpc.inbound),
          outbound: RPCWriter.Closable(wrapping: rpc.outbound)
        )
        await handler(stream, context)
      }
      rpc.control.detach()
      rpc.control.onHandlerFinished()
      self.finished(id)
    }
    rpc.control.attach(task: task)
    return true
  }

  private func finished(_ id: ObjectIdentifier) {
    let waiter: CheckedContinuation<Void, Never>? = self.state.withLock { state in
      state.running[id] = nil
      guard state.closed, state.running.isEmpty else { return nil }
      defer { state.idleWaiter = nil }
      return state.idleWaiter
    }
    waiter?.resume()
  }

  /// Refuses new calls, then waits for the running handlers to return.
  func closeAndWait() async {
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
      let done = self.state.withLock { state in
        state.closed = true
        if state.running.isEmpty { return true }
        state.idleWaiter = continuation
        return false
      }
      if done { continuation.resume() }
    }
  }

  func cancelAll() {
    let controls = self.state.withLock { Array($0.running.values) }
    for control in controls { control.cancel() }
  }
}
