import BatonCore
import Foundation
import Synchronization

/// The background task runs waiting for task workers (spec task-workers §E.2), per task key a
/// retry queue and a scheduled queue, in memory.
///
/// The database stays the source of truth: a run enters only after its deferred SCHEDULED
/// state has committed, an enqueue never waits (a run that does not fit is dropped and the key
/// marked, so ``keysToRefill()`` lets a sweep bring it back from the database later), and a
/// run is queued or out with a worker at most once at a time (scheduled again while out, it
/// is queued when the worker acknowledges it).
///
/// Workers take with ``next(forKeys:cursor:)``: retries before scheduled runs, keys visited
/// round-robin so no key starves another, waiting until a run arrives. A run is handed to a
/// waiter atomically, and a waiter cancelled after the hand-off puts the run back, so
/// cancellation never loses a run.
public final class TaskRunQueue: Sendable {
  /// Most runs each queue of a key holds.
  public struct Capacity: Sendable, Hashable {
    public var scheduled: Int
    public var retry: Int

    /// Prefect's `server.tasks.scheduling.max_scheduled_queue_size` and `max_retry_queue_size`.
    public init(scheduled: Int = 1_000, retry: Int = 100) {
      self.scheduled = scheduled
      self.retry = retry
    }
  }

  /// A run waiting for a worker.
  public struct Entry: Sendable {
    /// The run as it was queued.
    public var run: TaskRun
    /// The run may have moved on since it was queued — a sweep read it from the database
    /// earlier, or a worker had it and ended without acknowledging it (the acknowledgement
    /// may have been lost while the worker ran it) — so read it again before handing it out.
    public var mayBeStale: Bool
  }

  private struct KeyQueues {
    var retry = FIFO<Entry>()
    var scheduled = FIFO<Entry>()
  }

  private struct Waiter {
    var id: UInt64
    var keys: Set<String>
    var continuation: CheckedContinuation<Entry?, Never>
  }

  private struct State {
    var queues: [String: KeyQueues] = [:]
    /// Runs queued or handed out and not yet released: each is in the system once.
    var present: Set<UUID> = []
    /// Runs scheduled again while out with a worker: queued when the worker releases them.
    var scheduledWhileOut: [UUID: (run: TaskRun, queue: BackgroundTaskQueue)] = [:]
    /// Workers waiting for a run, oldest first.
    var waiters: [Waiter] = []
    var nextWaiterID: UInt64 = 0
    /// Keys that dropped a run since the last sweep.
    var overflowed: Set<String> = []
    /// Runs acknowledged lately, which may still be SCHEDULED in the database for a moment:
    /// a sweep must not hand them out again. `releases` holds them in release order, so that
    /// they are forgotten as they age instead of piling up between sweeps.
    var recentlyReleased: [UUID: ContinuousClock.Instant] = [:]
    var releases = FIFO<(id: UUID, at: ContinuousClock.Instant)>()

    mutating func remember(releaseOf id: UUID, at now: ContinuousClock.Instant) {
      forgetReleases(before: now - TaskRunQueue.releaseMemory)
      recentlyReleased[id] = now
      releases.append((id, now))
    }

    mutating func forgetReleases(before cutoff: ContinuousClock.Instant) {
      while let oldest = releases.first, oldest.at <= cutoff {
        _ = releases.popFirst()
        // A run released again since keeps its later entry.
        if recentlyReleased[oldest.id] == oldest.at { recentlyReleased[oldest.id] = nil }
      }
    }
  }

  /// How long an acknowledged run is kept from sweeps.
  static let releaseMemory: Duration = .seconds(30)

  public let capacity: Capacity
  private let state = Mutex(State())

  public init(capacity: Capacity = Capacity()) {
    self.capacity = capacity
  }

  /// Queues `run` for its task key, or hands it straight to a waiting worker.
  ///
  /// - Returns: False when the run is already queued, or out with a worker (it is queued when
  ///   the worker releases it), or did not fit (the key is then marked for a sweep).
  @discardableResult
  public func enqueue(_ run: TaskRun, on queue: BackgroundTaskQueue) -> Bool {
    let (accepted, waiter) = state.withLock { state in
      if state.present.contains(run.id), !Self.isQueued(run, in: state) {
        state.scheduledWhileOut[run.id] = (run, queue)
      }
      return admit(Entry(run: run, mayBeStale: false), on: queue, into: &state)
    }
    waiter?.continuation.resume(returning: Entry(run: run, mayBeStale: false))
    return accepted
  }

  private static func isQueued(_ run: TaskRun, in state: State) -> Bool {
    guard let queues = state.queues[run.taskKey] else { return false }
    return queues.retry.contains { $0.run.id == run.id } || queues.scheduled.contains { $0.run.id == run.id }
  }

  /// Queues runs a sweep read from the database, except those a worker acknowledged lately
  /// (they may still read as SCHEDULED for a moment); returns how many were queued.
  @discardableResult
  public func restore(_ runs: [TaskRun], on queue: BackgroundTaskQueue) -> Int {
    let now = ContinuousClock.now
    var handed: [(Waiter, Entry)] = []
    let restored = state.withLock { state in
      state.forgetReleases(before: now - Self.releaseMemory)
      var restored = 0
      for run in runs where state.recentlyReleased[run.id] == nil {
        let entry = Entry(run: run, mayBeStale: true)
        let (accepted, waiter) = admit(entry, on: queue, into: &state)
        if accepted { restored += 1 }
        if let waiter { handed.append((waiter, entry)) }
      }
      return restored
    }
    for (waiter, entry) in handed { waiter.continuation.resume(returning: entry) }
    return restored
  }

  /// Adds `entry` to its key's `queue`, or picks the waiter to hand it to; refuses a run that
  /// is already in, or a full queue (marking its key for a sweep).
  private func admit(_ entry: Entry, on queue: BackgroundTaskQueue, into state: inout State) -> (Bool, Waiter?) {
    let key = entry.run.taskKey
    guard !state.present.contains(entry.run.id) else { return (false, nil) }
    if let index = state.waiters.firstIndex(where: { $0.keys.contains(key) }) {
      state.present.insert(entry.run.id)
      return (true, state.waiters.remove(at: index))
    }
    let queued = state.queues[key].map { queue == .retry ? $0.retry.count : $0.scheduled.count } ?? 0
    guard queued < (queue == .retry ? capacity.retry : capacity.scheduled) else {
      state.overflowed.insert(key)
      return (false, nil)
    }
    switch queue {
    case .retry: state.queues[key, default: KeyQueues()].retry.append(entry)
    case .scheduled: state.queues[key, default: KeyQueues()].scheduled.append(entry)
    }
    state.present.insert(entry.run.id)
    return (true, nil)
  }

  /// Puts back a run a worker took but never acknowledged: on its key's retry queue, or
  /// straight to a waiting worker. Never refused for capacity: the run was already admitted.
  public func requeue(_ run: TaskRun) {
    requeue(Entry(run: run, mayBeStale: true))
  }

  private func requeue(_ entry: Entry) {
    let waiter = state.withLock { state -> Waiter? in
      // It is read again before it goes out, so it carries a newer schedule: no second copy.
      state.scheduledWhileOut[entry.run.id] = nil
      if let index = state.waiters.firstIndex(where: { $0.keys.contains(entry.run.taskKey) }) {
        return state.waiters.remove(at: index)
      }
      state.queues[entry.run.taskKey, default: KeyQueues()].retry.append(entry)
      return nil
    }
    waiter?.continuation.resume(returning: entry)
  }

  /// Forgets a run a worker acknowledged, so a later deferred SCHEDULED state queues it again;
  /// one that came while the worker had it is queued now.
  public func release(_ id: UUID) {
    let now = ContinuousClock.now
    let waiter = state.withLock { state -> (Waiter, Entry)? in
      state.present.remove(id)
      guard let rescheduled = state.scheduledWhileOut.removeValue(forKey: id) else {
        state.remember(releaseOf: id, at: now)
        return nil
      }
      let entry = Entry(run: rescheduled.run, mayBeStale: false)
      return admit(entry, on: rescheduled.queue, into: &state).1.map { ($0, entry) }
    }
    waiter.map { $0.0.continuation.resume(returning: $0.1) }
  }

  /// The next run for any of `keys`, waiting until one arrives; nil once the task is cancelled.
  ///
  /// - Parameter cursor: Where the round-robin over `keys` resumes; advanced past the key
  ///   served.
  public func next(forKeys keys: [String], cursor: inout Int) async -> Entry? {
    guard !Task.isCancelled else { return nil }
    if let run = state.withLock({ Self.take(forKeys: keys, cursor: &cursor, from: &$0) }) {
      return run
    }
    let waiterID = state.withLock { state in
      defer { state.nextWaiterID += 1 }
      return state.nextWaiterID
    }
    let keySet = Set(keys)
    let entry: Entry? = await withTaskCancellationHandler {
      await withCheckedContinuation { continuation in
        let ready = state.withLock { state -> Entry?? in
          if Task.isCancelled { return .some(nil) }
          // A run may have arrived between the first look and now.
          if let run = Self.take(forKeys: keys, cursor: &cursor, from: &state) { return .some(run) }
          state.waiters.append(Waiter(id: waiterID, keys: keySet, continuation: continuation))
          return .none
        }
        if let ready { continuation.resume(returning: ready) }
      }
    } onCancel: {
      let waiter = state.withLock { state -> Waiter? in
        guard let index = state.waiters.firstIndex(where: { $0.id == waiterID }) else { return nil }
        return state.waiters.remove(at: index)
      }
      waiter?.continuation.resume(returning: nil)
    }
    guard let entry else { return nil }
    if Task.isCancelled {
      requeue(entry)
      return nil
    }
    return entry
  }

  /// The keys that dropped a run and whose scheduled queue is at least half empty again, with
  /// how many runs it has room for and how many runs are queued or out with workers (a refill
  /// reads that many more, which it will skip); the caller refills them from the database.
  /// Keys still fuller stay marked, so a backlog is read in batches, not at every sweep.
  public func keysToRefill() -> [(key: String, room: Int, held: Int)] {
    state.withLock { state in
      let held = state.present.count + state.recentlyReleased.count
      let refills = state.overflowed.compactMap { key -> (key: String, room: Int, held: Int)? in
        let room = capacity.scheduled - (state.queues[key]?.scheduled.count ?? 0)
        return room * 2 >= capacity.scheduled && room > 0 ? (key, room, held) : nil
      }
      state.overflowed.subtract(refills.map(\.key))
      return refills
    }
  }

  /// Marks `taskKey` for another refill: the last one read as many runs as it asked for, so
  /// more may wait in the database.
  public func markForRefill(_ taskKey: String) {
    state.withLock { _ = $0.overflowed.insert(taskKey) }
  }

  /// How many runs wait for `taskKey`, retries and scheduled.
  public func count(forKey taskKey: String) -> (retry: Int, scheduled: Int) {
    state.withLock { state in
      let queues = state.queues[taskKey]
      return (queues?.retry.count ?? 0, queues?.scheduled.count ?? 0)
    }
  }

  /// Retries of every key before any scheduled run; within each kind the keys round-robin
  /// from `cursor`.
  private static func take(forKeys keys: [String], cursor: inout Int, from state: inout State) -> Entry? {
    guard !keys.isEmpty else { return nil }
    for retries in [true, false] {
      for step in 0..<keys.count {
        let index = (cursor + step) % keys.count
        let key = keys[index]
        let entry = retries ? state.queues[key]?.retry.popFirst() : state.queues[key]?.scheduled.popFirst()
        guard let entry else { continue }
        if let queues = state.queues[key], queues.retry.isEmpty, queues.scheduled.isEmpty {
          state.queues[key] = nil
        }
        cursor = (index + 1) % keys.count
        return entry
      }
    }
    return nil
  }
}
