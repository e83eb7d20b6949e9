import Synchronization

/// The runs a worker is executing, at most `limit` at once, each in a task of its own: when
/// the worker stops, it stops taking runs, and the ones it started still finish.
final class ExecutionPool: Sendable {
  private struct State {
    var running = 0
    var slotWaiter: CheckedContinuation<Bool, Never>?
    var idleWaiters: [CheckedContinuation<Void, Never>] = []
  }

  let limit: Int
  private let state = Mutex(State())

  init(limit: Int) {
    self.limit = max(1, limit)
  }

  /// Waits for a free slot and takes it; false when the task was cancelled meanwhile.
  func acquire() async -> Bool {
    await withTaskCancellationHandler {
      await withCheckedContinuation { continuation in
        let answer = state.withLock { state -> Bool? in
          if Task.isCancelled { return false }
          guard state.running >= limit else {
            state.running += 1
            return true
          }
          state.slotWaiter = continuation
          return nil
        }
        if let answer { continuation.resume(returning: answer) }
      }
    } onCancel: {
      state.withLock { state in
        defer { state.slotWaiter = nil }
        return state.slotWaiter
      }?.resume(returning: false)
    }
  }

  /// Runs `execution` in a slot taken with ``acquire()``, releasing it at the end.
  func start(_ execution: @escaping @Sendable () async -> Void) {
    Task {
      await execution()
      self.release()
    }
  }

  /// Returns once nothing is running.
  func waitUntilIdle() async {
    await withCheckedContinuation { continuation in
      let idle = state.withLock { state -> Bool in
        guard state.running > 0 else { return true }
        state.idleWaiters.append(continuation)
        return false
      }
      if idle { continuation.resume() }
    }
  }

  private func release() {
    let (slotWaiter, idleWaiters) = state.withLock { state in
      // A waiter takes the freed slot over; otherwise the slot is given back.
      if let waiter = state.slotWaiter {
        state.slotWaiter = nil
        return (Optional(waiter), [CheckedContinuation<Void, Never>]())
      }
      state.running -= 1
      guard state.running == 0 else { return (nil, []) }
      defer { state.idleWaiters = [] }
      return (nil, state.idleWaiters)
    }
    slotWaiter?.resume(returning: true)
    for waiter in idleWaiters { waiter.resume() }
  }
}
