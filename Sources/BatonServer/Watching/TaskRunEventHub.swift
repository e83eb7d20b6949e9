import BatonCore
import Foundation
import Synchronization

/// Fans committed task-run state changes out to `WatchTaskRuns` streams.
///
/// Publishing never waits: each watch buffers at most `capacity` events, and a watch that
/// falls further behind is closed as overflowed, so one slow reader costs the server a
/// bounded amount of memory and nothing else.
public final class TaskRunEventHub: Sendable {
  /// One committed state change.
  public struct Event: Sendable {
    /// The run after the change.
    public var run: TaskRun
    /// The state written.
    public var state: State
  }

  /// One watcher's buffer of events not yet taken.
  final class Watch: Sendable {
    private struct Buffer {
      var events: [Event] = []
      var waiter: CheckedContinuation<Void, Never>?
      var overflowWaiter: CheckedContinuation<Void, Never>?
      var overflowed = false
    }

    let capacity: Int
    private let buffer = Mutex(Buffer())

    init(capacity: Int) {
      self.capacity = capacity
    }

    /// Whether the watch was closed for falling behind.
    var overflowed: Bool { buffer.withLock(\.overflowed) }

    func offer(_ event: Event) {
      let waiters = buffer.withLock { buffer -> [CheckedContinuation<Void, Never>] in
        guard !buffer.overflowed else { return [] }
        if buffer.events.count >= capacity {
          buffer.overflowed = true
          buffer.events = []
        } else {
          buffer.events.append(event)
        }
        defer {
          buffer.waiter = nil
          if buffer.overflowed { buffer.overflowWaiter = nil }
        }
        return [buffer.waiter, buffer.overflowed ? buffer.overflowWaiter : nil].compactMap { $0 }
      }
      for waiter in waiters { waiter.resume() }
    }

    /// Returns once the watch has overflowed, or the task is cancelled; the caller then ends the
    /// stream even if it is stuck writing to a client that stopped reading.
    func waitUntilOverflowed() async {
      await withTaskCancellationHandler {
        await withCheckedContinuation { continuation in
          let ready = buffer.withLock { buffer -> Bool in
            guard !buffer.overflowed, !Task.isCancelled else { return true }
            buffer.overflowWaiter = continuation
            return false
          }
          if ready { continuation.resume() }
        }
      } onCancel: {
        buffer.withLock { buffer in
          defer { buffer.overflowWaiter = nil }
          return buffer.overflowWaiter
        }?.resume()
      }
    }

    /// Every event buffered so far, waiting for at least one; nil once overflowed or cancelled.
    func nextBatch() async -> [Event]? {
      while true {
        let batch = buffer.withLock { buffer -> [Event]? in
          defer { buffer.events = [] }
          return buffer.overflowed ? nil : buffer.events
        }
        guard let batch else { return nil }
        if !batch.isEmpty { return batch }
        if Task.isCancelled { return nil }
        await withTaskCancellationHandler {
          await withCheckedContinuation { continuation in
            let ready = buffer.withLock { buffer -> Bool in
              guard buffer.events.isEmpty, !buffer.overflowed, !Task.isCancelled else { return true }
              buffer.waiter = continuation
              return false
            }
            if ready { continuation.resume() }
          }
        } onCancel: {
          buffer.withLock { buffer in
            defer { buffer.waiter = nil }
            return buffer.waiter
          }?.resume()
        }
      }
    }
  }

  /// Most events a watch buffers before it is closed.
  public let capacity: Int
  private let watches = Mutex<[ObjectIdentifier: Watch]>([:])

  public init(capacity: Int = 1_000) {
    self.capacity = capacity
  }

  /// Hands the change to every open watch.
  public func publish(run: TaskRun, state: State) {
    let event = Event(run: run, state: state)
    for watch in watches.withLock({ Array($0.values) }) { watch.offer(event) }
  }

  /// Runs `body` with a watch that receives every change published meanwhile.
  func withWatch<Result>(_ body: (Watch) async throws -> Result) async rethrows -> Result {
    let watch = Watch(capacity: capacity)
    watches.withLock { $0[ObjectIdentifier(watch)] = watch }
    defer { _ = watches.withLock { $0.removeValue(forKey: ObjectIdentifier(watch)) } }
    return try await body(watch)
  }
}
