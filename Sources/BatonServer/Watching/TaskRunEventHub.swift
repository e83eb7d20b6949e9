import BatonCore
import Foundation
import Synchronization

/// Fans committed task-run state changes out to `WatchTaskRuns` streams.
///
/// Publishing never waits: each watch buffers at most `capacity` events and about
/// `byteCapacity` bytes of them (plus the batch being written), and a watch that falls
/// further behind is closed as overflowed, so one slow reader costs the server a bounded
/// amount of memory and nothing else. (Counting bytes matters: every event carries the whole
/// run, tags and labels included.)
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
      var bytes = 0
      var waiter: CheckedContinuation<Void, Never>?
      var overflowWaiter: CheckedContinuation<Void, Never>?
      var overflowed = false
    }

    let capacity: Int
    let byteCapacity: Int
    private let buffer = Mutex(Buffer())

    init(capacity: Int, byteCapacity: Int) {
      self.capacity = capacity
      self.byteCapacity = byteCapacity
    }

    /// Whether the watch was closed for falling behind.
    var overflowed: Bool { buffer.withLock(\.overflowed) }

    func offer(_ event: Event, bytes: Int) {
      let waiters = buffer.withLock { buffer -> [CheckedContinuation<Void, Never>] in
        guard !buffer.overflowed else { return [] }
        // An event larger than the byte capacity is still taken into an empty buffer: a watch
        // that keeps up is never closed for one big run.
        if buffer.events.count >= capacity || (!buffer.events.isEmpty && buffer.bytes + bytes > byteCapacity) {
          buffer.overflowed = true
          buffer.events = []
          buffer.bytes = 0
        } else {
          buffer.events.append(event)
          buffer.bytes += bytes
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
          defer {
            buffer.events = []
            buffer.bytes = 0
          }
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
  /// About the most bytes of events a watch buffers before it is closed.
  public let byteCapacity: Int
  private let watches = Mutex<[ObjectIdentifier: Watch]>([:])

  public init(capacity: Int = 1_000, byteCapacity: Int = 16 * 1024 * 1024) {
    self.capacity = capacity
    self.byteCapacity = byteCapacity
  }

  /// Hands the change to every open watch.
  public func publish(run: TaskRun, state: State) {
    let open = watches.withLock { Array($0.values) }
    guard !open.isEmpty else { return }
    let event = Event(run: run, state: state)
    let bytes = event.approximateBytes
    for watch in open { watch.offer(event, bytes: bytes) }
  }

  /// Runs `body` with a watch that receives every change published meanwhile.
  func withWatch<Result>(_ body: (Watch) async throws -> Result) async rethrows -> Result {
    let watch = Watch(capacity: capacity, byteCapacity: byteCapacity)
    watches.withLock { $0[ObjectIdentifier(watch)] = watch }
    defer { _ = watches.withLock { $0.removeValue(forKey: ObjectIdentifier(watch)) } }
    return try await body(watch)
  }
}

extension TaskRunEventHub.Event {
  /// A rough count of the bytes the event holds: every string and free-form JSON value of the
  /// run and its states, plus a fixed part for everything else.
  var approximateBytes: Int {
    var bytes = 512 + run.name.utf8.count + run.taskKey.utf8.count + run.dynamicKey.utf8.count
    bytes += (run.cacheKey?.utf8.count ?? 0) + (run.taskVersion?.utf8.count ?? 0) + (run.stateName?.utf8.count ?? 0)
    bytes += run.tags.reduce(0) { $0 + 16 + $1.utf8.count }
    bytes += JSONValue.object(run.labels).approximateBytes + run.empiricalPolicy.retryDelay.approximateBytes
    for (name, inputs) in run.taskInputs {
      bytes += 16 + name.utf8.count + inputs.reduce(0) { $0 + $1.approximateBytes }
    }
    bytes += state.approximateBytes
    if let current = run.state, current.id != state.id {
      bytes += current.approximateBytes
    }
    return bytes
  }
}

extension State {
  fileprivate var approximateBytes: Int {
    let details = self.details
    var bytes = 256 + name.utf8.count + (message?.utf8.count ?? 0) + (data?.approximateBytes ?? 0)
    bytes += (details.cacheKey?.utf8.count ?? 0) + (details.pauseKey?.utf8.count ?? 0)
    bytes += (details.traceparent?.utf8.count ?? 0)
    bytes += (details.runInputKeyset ?? [:]).reduce(0) { $0 + 32 + $1.key.utf8.count + $1.value.utf8.count }
    return bytes
  }
}

extension TaskRunInput {
  fileprivate var approximateBytes: Int {
    switch self {
    case .taskRun, .flowRun: 32
    case .parameter(let name): 32 + name.utf8.count
    case .constant(let type): 32 + type.utf8.count
    }
  }
}

extension JSONValue {
  fileprivate var approximateBytes: Int {
    switch self {
    case .null, .bool, .number: 8
    case .string(let string): 16 + string.utf8.count
    case .array(let values): values.reduce(16) { $0 + $1.approximateBytes }
    case .object(let members): members.reduce(16) { $0 + $1.key.utf8.count + $1.value.approximateBytes }
    }
  }
}
