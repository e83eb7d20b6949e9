import GRPCCore
import Synchronization

/// Cancels one RPC's handler from the event loop: its task, and GRPCCore's cancellation
/// handle, whichever exists by then.
final class ServerRPCControl: Sendable {
  private struct State {
    var cancelled = false
    var task: Task<Void, Never>?
    var handle: ServerContext.RPCCancellationHandle?
  }

  private let state = Mutex(State())

  /// Called (off the event loop) once the handler has returned.
  let onHandlerFinished: @Sendable () -> Void

  init(onHandlerFinished: @escaping @Sendable () -> Void) {
    self.onHandlerFinished = onHandlerFinished
  }

  var isCancelled: Bool {
    self.state.withLock { $0.cancelled }
  }

  func attach(task: Task<Void, Never>) {
    let cancel = self.state.withLock { state in
      state.task = task
      return state.cancelled
    }
    if cancel { task.cancel() }
  }

  func attach(handle: ServerContext.RPCCancellationHandle) {
    let cancel = self.state.withLock { state in
      state.handle = handle
      return state.cancelled
    }
    if cancel { handle.cancel() }
  }

  func detach() {
    self.state.withLock { state in
      state.task = nil
      state.handle = nil
    }
  }

  func cancel() {
    let (task, handle) = self.state.withLock { state in
      state.cancelled = true
      return (state.task, state.handle)
    }
    handle?.cancel()
    task?.cancel()
  }
}
