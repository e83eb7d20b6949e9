import NIOCore
import Synchronization

/// Carries operations from any thread to an object confined to an event loop, in order,
/// with at most one hop scheduled at a time.
///
/// Handlers on many tasks write to one connection; each `execute` from outside the loop
/// costs a wakeup of the loop's thread. Posting to a mailbox instead queues the operation
/// and schedules a hop only if none is pending, so under load one hop delivers the writes
/// of many streams at once.
final class LoopMailbox<Target: AnyObject, Operation: Sendable>: Sendable {
  private struct State {
    var operations: [Operation] = []
    var scheduled = false
  }

  private let target: NIOLoopBound<Target>
  private let state = Mutex(State())
  private let deliver: @Sendable (Target, [Operation]) -> Void

  /// `deliver` runs on the target's event loop with the operations posted since the last
  /// delivery, oldest first.
  init(target: NIOLoopBound<Target>, deliver: @escaping @Sendable (Target, [Operation]) -> Void) {
    self.target = target
    self.deliver = deliver
  }

  var eventLoop: any EventLoop { self.target.eventLoop }

  func post(_ operation: Operation) {
    let schedule: Bool = self.state.withLock { state in
      state.operations.append(operation)
      guard !state.scheduled else { return false }
      state.scheduled = true
      return true
    }
    guard schedule else { return }
    self.target.eventLoop.execute {
      let operations: [Operation] = self.state.withLock { state in
        state.scheduled = false
        let operations = state.operations
        state.operations = []
        return operations
      }
      self.deliver(self.target.value, operations)
    }
  }
}
