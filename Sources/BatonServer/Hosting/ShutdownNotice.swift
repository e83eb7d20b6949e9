import GRPCCore
import Synchronization

/// Tells the streams that never end by themselves — task-worker subscriptions and watches —
/// that the server is going away, so that they end at once with UNAVAILABLE (the client's cue
/// to reconnect) instead of holding the shutdown for the transport's whole grace period and
/// then being reset.
public final class ShutdownNotice: Sendable {
  private struct State {
    var isAnnounced = false
    var nextWaiterID = 0
    var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
  }

  /// What a stream ended by the notice answers.
  static let status = RPCError(
    code: .unavailable, message: "The server is shutting down; connect again to continue.")

  private let state = Mutex(State())

  public init() {}

  /// Wakes every stream waiting on the notice, and any that starts waiting later.
  public func announce() {
    let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
      state.isAnnounced = true
      defer { state.waiters = [:] }
      return Array(state.waiters.values)
    }
    for waiter in waiters { waiter.resume() }
  }

  /// Runs `stream` until it ends by itself or the notice comes; then cancels it, lets it
  /// clean up, and throws UNAVAILABLE.
  func endingAtShutdown(_ stream: @escaping @Sendable () async throws -> Void) async throws {
    let endedByNotice = try await withThrowingTaskGroup(of: Bool.self) { group in
      group.addTask {
        try await stream()
        return false
      }
      group.addTask {
        await self.waitForAnnouncement()
        return !Task.isCancelled
      }
      defer { group.cancelAll() }
      do {
        return try await group.next() ?? false
      } catch {
        // The stream failed while the notice came: the notice is the reason.
        if state.withLock({ $0.isAnnounced }) { return true }
        throw error
      }
    }
    if endedByNotice { throw Self.status }
  }

  /// Returns once the notice has come, or when the task is cancelled.
  private func waitForAnnouncement() async {
    let id = state.withLock { state -> Int in
      defer { state.nextWaiterID += 1 }
      return state.nextWaiterID
    }
    await withTaskCancellationHandler {
      await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
        let resumeNow = state.withLock { state -> Bool in
          guard !state.isAnnounced, !Task.isCancelled else { return true }
          state.waiters[id] = waiter
          return false
        }
        if resumeNow { waiter.resume() }
      }
    } onCancel: {
      let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
      waiter?.resume()
    }
  }
}
