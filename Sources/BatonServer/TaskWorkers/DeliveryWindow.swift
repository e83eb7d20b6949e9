import BatonCore
import Foundation
import Synchronization

/// The runs one subscription stream has delivered and not yet had acknowledged, at most
/// `limit` of them (the subscription's prefetch; 1 as in Prefect).
final class DeliveryWindow: Sendable {
  private struct State {
    /// Delivered, unacknowledged runs in delivery order.
    var outstanding: [TaskRun] = []
    var roomWaiter: CheckedContinuation<Void, Never>?
    var isClosed = false
  }

  let limit: Int
  private let state = Mutex(State())

  init(limit: Int) {
    self.limit = max(1, limit)
  }

  /// Returns once fewer than `limit` runs are outstanding, or the task is cancelled.
  func waitForRoom() async {
    await withTaskCancellationHandler {
      await withCheckedContinuation { continuation in
        let ready = state.withLock { state -> Bool in
          guard !Task.isCancelled, state.outstanding.count >= limit else { return true }
          state.roomWaiter = continuation
          return false
        }
        if ready { continuation.resume() }
      }
    } onCancel: {
      state.withLock { state in
        defer { state.roomWaiter = nil }
        return state.roomWaiter
      }?.resume()
    }
  }

  /// `run` is about to be sent; false once the window is closed (the stream is ending: do
  /// not send it).
  func add(_ run: TaskRun) -> Bool {
    state.withLock { state in
      guard !state.isClosed else { return false }
      state.outstanding.append(run)
      return true
    }
  }

  /// Removes and returns the acknowledged run; nil when no run with that id is outstanding.
  func acknowledge(_ id: UUID) -> TaskRun? {
    let (run, waiter) = state.withLock { state -> (TaskRun?, CheckedContinuation<Void, Never>?) in
      guard let index = state.outstanding.firstIndex(where: { $0.id == id }) else { return (nil, nil) }
      defer { state.roomWaiter = nil }
      return (state.outstanding.remove(at: index), state.roomWaiter)
    }
    waiter?.resume()
    return run
  }

  /// Closes the window to further runs; removes and returns every outstanding run.
  func close() -> [TaskRun] {
    state.withLock { state in
      defer { state.outstanding = [] }
      state.isClosed = true
      return state.outstanding
    }
  }
}
