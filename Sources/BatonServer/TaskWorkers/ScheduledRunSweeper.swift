import BatonCore
import BatonStore
import Logging

/// Brings background runs from the database into the queue: every deferred SCHEDULED run at
/// start (so delivery is at-least-once across restarts, where Prefect loses them), and later
/// the runs of keys whose queue was full when they were scheduled.
struct ScheduledRunSweeper: Sendable {
  var store: any TaskRunRepository
  var queue: TaskRunQueue
  var logger: Logger
  /// How often to look for keys that overflowed.
  var interval: Duration = .seconds(1)

  /// Queues every deferred SCHEDULED run on its key's retry queue; returns how many.
  func restoreAll() async throws -> Int {
    queue.restore(try await store.readScheduledDeferredTaskRuns(), on: .retry)
  }

  /// Refills overflowed keys once they have room, until cancelled. A refill reads only its
  /// key's earliest runs, as many as fit plus those it will find already held.
  func run() async {
    while !Task.isCancelled {
      try? await Task.sleep(for: interval)
      for refill in queue.keysToRefill() {
        do {
          let limit = refill.room + refill.held
          let runs = try await store.readScheduledDeferredTaskRuns(taskKey: refill.key, limit: limit)
          queue.restore(runs, on: .scheduled)
          if runs.count == limit { queue.markForRefill(refill.key) }
        } catch {
          queue.markForRefill(refill.key)
          logger.warning("Could not refill the task-run queue", metadata: ["error": "\(error)"])
        }
      }
    }
  }
}
