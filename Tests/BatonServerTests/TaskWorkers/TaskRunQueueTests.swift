import BatonCore
import BatonServer
import Foundation
import Testing

@Suite("Task-run queue")
struct TaskRunQueueTests {
  private func run(_ key: String, _ label: String = "") -> TaskRun {
    TaskRun(id: UUID(), created: instant(0), updated: instant(0), name: label, taskKey: key, dynamicKey: label)
  }

  private func take(_ queue: TaskRunQueue, _ keys: [String], cursor: inout Int) async -> TaskRun? {
    await queue.next(forKeys: keys, cursor: &cursor)?.run
  }

  @Test func retriesComeBeforeScheduledRunsAndEachQueueIsFIFO() async {
    let queue = TaskRunQueue()
    let first = run("k", "s1"), second = run("k", "s2"), retry = run("k", "r1")
    #expect(queue.enqueue(first, on: .scheduled))
    #expect(queue.enqueue(second, on: .scheduled))
    #expect(queue.enqueue(retry, on: .retry))
    var cursor = 0
    var taken: [String] = []
    for _ in 0..<3 { taken.append(await take(queue, ["k"], cursor: &cursor)?.name ?? "none") }
    #expect(taken == ["r1", "s1", "s2"])
  }

  @Test func keysAreServedRoundRobinSoNoneStarves() async {
    let queue = TaskRunQueue()
    for index in 0..<3 { queue.enqueue(run("a", "a\(index)"), on: .scheduled) }
    for index in 0..<3 { queue.enqueue(run("b", "b\(index)"), on: .scheduled) }
    var cursor = 0
    var taken: [String] = []
    for _ in 0..<6 { taken.append(await take(queue, ["a", "b"], cursor: &cursor)?.name ?? "none") }
    #expect(taken == ["a0", "b0", "a1", "b1", "a2", "b2"])
  }

  @Test func aRunIsInTheQueueOnceUntilReleased() async {
    let queue = TaskRunQueue()
    let scheduled = run("k")
    #expect(queue.enqueue(scheduled, on: .scheduled))
    #expect(!queue.enqueue(scheduled, on: .scheduled))
    var cursor = 0
    #expect(await take(queue, ["k"], cursor: &cursor)?.id == scheduled.id)
    queue.release(scheduled.id)
    #expect(queue.enqueue(scheduled, on: .scheduled))
    #expect(queue.count(forKey: "k") == (retry: 0, scheduled: 1))
  }

  @Test func aFullQueueRefusesWithoutWaitingAndMarksItsKeyForARefillOnceItHasRoom() async {
    let queue = TaskRunQueue(capacity: .init(scheduled: 2, retry: 1))
    #expect(queue.enqueue(run("k"), on: .scheduled))
    #expect(queue.enqueue(run("k"), on: .scheduled))
    #expect(!queue.enqueue(run("k"), on: .scheduled))
    #expect(queue.enqueue(run("k"), on: .retry))
    #expect(!queue.enqueue(run("k"), on: .retry))
    #expect(queue.enqueue(run("other"), on: .scheduled))
    #expect(queue.count(forKey: "k") == (retry: 1, scheduled: 2))
    // Still full: no refill yet, and the key stays marked.
    #expect(queue.keysToRefill().isEmpty)
    var cursor = 0
    _ = await queue.next(forKeys: ["k"], cursor: &cursor)  // the retry
    _ = await queue.next(forKeys: ["k"], cursor: &cursor)
    // Half empty: refilled once, with room for one; the read may meet the four runs the
    // queue holds (queued or out with a worker, any key), which it skips.
    let refills = queue.keysToRefill()
    #expect(refills.map(\.key) == ["k"])
    #expect(refills.map(\.room) == [1])
    #expect(refills.map(\.held) == [4])
    #expect(queue.keysToRefill().isEmpty)
  }

  @Test func aRunScheduledAgainWhileOutWithAWorkerIsQueuedWhenReleased() async {
    let queue = TaskRunQueue()
    let first = run("k", "first"), second = run("k", "second")
    var cursor = 0
    for scheduled in [first, second] { queue.enqueue(scheduled, on: .scheduled) }
    #expect(await take(queue, ["k"], cursor: &cursor)?.id == first.id)
    #expect(await take(queue, ["k"], cursor: &cursor)?.id == second.id)
    // Both scheduled again before their workers' acknowledgements arrive.
    #expect(!queue.enqueue(first, on: .scheduled))
    #expect(!queue.enqueue(second, on: .scheduled))
    #expect(queue.count(forKey: "k") == (retry: 0, scheduled: 0))
    // Acknowledged: queued now. Not acknowledged: back on the retry queue, once.
    queue.release(first.id)
    queue.requeue(second)
    #expect(queue.count(forKey: "k") == (retry: 1, scheduled: 1))
    #expect(await take(queue, ["k"], cursor: &cursor)?.id == second.id)
    #expect(await take(queue, ["k"], cursor: &cursor)?.id == first.id)
    queue.release(second.id)
    #expect(queue.count(forKey: "k") == (retry: 0, scheduled: 0))
  }

  @Test func requeuedAndRestoredRunsAreMarkedForARecheck() async {
    let queue = TaskRunQueue()
    let delivered = run("k")
    queue.enqueue(delivered, on: .scheduled)
    var cursor = 0
    #expect(await queue.next(forKeys: ["k"], cursor: &cursor)?.mayBeStale == false)
    queue.requeue(delivered)
    let again = await queue.next(forKeys: ["k"], cursor: &cursor)
    #expect(again?.run.id == delivered.id)
    #expect(again?.mayBeStale == true)
    queue.release(delivered.id)
    let restored = run("k")
    #expect(queue.restore([restored], on: .scheduled) == 1)
    #expect(await queue.next(forKeys: ["k"], cursor: &cursor)?.mayBeStale == true)
  }

  @Test func requeueIgnoresCapacityBecauseTheRunWasAlreadyAdmitted() async {
    let queue = TaskRunQueue(capacity: .init(scheduled: 1, retry: 1))
    let delivered = run("k", "delivered")
    queue.enqueue(delivered, on: .scheduled)
    var cursor = 0
    _ = await take(queue, ["k"], cursor: &cursor)
    queue.enqueue(run("k", "waiting retry"), on: .retry)
    queue.requeue(delivered)
    #expect(queue.count(forKey: "k") == (retry: 2, scheduled: 0))
  }

  @Test func aWaitingWorkerIsHandedTheNextRunOfItsKeys() async {
    let queue = TaskRunQueue()
    let expected = run("wanted")
    async let received = { () async -> TaskRun? in
      var cursor = 0
      return await queue.next(forKeys: ["other", "wanted"], cursor: &cursor)?.run
    }()
    try? await Task.sleep(for: .milliseconds(50))
    queue.enqueue(run("unrelated"), on: .scheduled)
    queue.enqueue(expected, on: .scheduled)
    #expect(await received?.id == expected.id)
    #expect(queue.count(forKey: "unrelated") == (retry: 0, scheduled: 1))
    #expect(queue.count(forKey: "wanted") == (retry: 0, scheduled: 0))
  }

  @Test func aCancelledWaiterNeverSwallowsARun() async {
    let queue = TaskRunQueue()
    let waiting = Task {
      var cursor = 0
      return await queue.next(forKeys: ["k"], cursor: &cursor)?.run
    }
    try? await Task.sleep(for: .milliseconds(50))
    waiting.cancel()
    #expect(await waiting.value == nil)
    let later = run("k")
    queue.enqueue(later, on: .scheduled)
    var cursor = 0
    #expect(await take(queue, ["k"], cursor: &cursor)?.id == later.id)
  }

  @Test func concurrentWorkersEachGetDistinctRunsCoveringAll() async {
    let queue = TaskRunQueue(capacity: .init(scheduled: 10_000, retry: 100))
    let runs = (0..<2_000).map { run("k", "\($0)") }
    let received = await withTaskGroup(of: [UUID].self) { group in
      for _ in 0..<4 {
        group.addTask {
          var cursor = 0
          var mine: [UUID] = []
          while mine.count < 500, let next = await queue.next(forKeys: ["k"], cursor: &cursor) {
            mine.append(next.run.id)
          }
          return mine
        }
      }
      for run in runs { queue.enqueue(run, on: .scheduled) }
      return await group.reduce(into: []) { $0.append(contentsOf: $1) }
    }
    #expect(received.count == runs.count)
    #expect(Set(received) == Set(runs.map(\.id)))
  }

  @Test func sweepsSkipRunsAcknowledgedLatelyAndRunsAlreadyIn() {
    let queue = TaskRunQueue()
    let acknowledged = run("k"), queued = run("k"), fresh = run("k")
    queue.release(acknowledged.id)
    queue.enqueue(queued, on: .scheduled)
    #expect(queue.restore([acknowledged, queued, fresh], on: .scheduled) == 1)
    #expect(queue.count(forKey: "k") == (retry: 0, scheduled: 2))
  }
}

@Suite("Task-worker tracker")
struct TaskWorkerTrackerTests {
  @Test func workersAreListedWithTheirKeysAndFilteredByAnyKey() {
    let tracker = TaskWorkerTracker(clock: { instant(5) })
    _ = tracker.connect("one", keys: ["task1", "task2"])
    _ = tracker.connect("two", keys: ["task2", "task3"])
    #expect(tracker.workers(servingAnyOf: []).map(\.identifier) == ["one", "two"])
    #expect(tracker.workers(servingAnyOf: ["task1"]).map(\.identifier) == ["one"])
    #expect(tracker.workers(servingAnyOf: ["task2"]).map(\.identifier) == ["one", "two"])
    #expect(tracker.workers(servingAnyOf: ["nobody"]).isEmpty)
    #expect(tracker.workers(servingAnyOf: ["task3"]).first?.taskKeys == ["task2", "task3"])
    #expect(tracker.workers(servingAnyOf: []).first?.lastSeen == instant(5))
  }

  @Test func streamsSharingAClientIDAreOneWorkerWithTheKeysOfItsOpenStreams() {
    let tracker = TaskWorkerTracker()
    let first = tracker.connect("shared", keys: ["a", "c"])
    let second = tracker.connect("shared", keys: ["b", "c"])
    #expect(tracker.workers(servingAnyOf: []).map(\.taskKeys) == [["a", "b", "c"]])
    tracker.disconnect(first)
    #expect(tracker.workers(servingAnyOf: []).map(\.taskKeys) == [["b", "c"]])
    #expect(tracker.workers(servingAnyOf: ["a"]).isEmpty)
    tracker.disconnect(second)
    #expect(tracker.workers(servingAnyOf: []).isEmpty)
    tracker.observe("shared")
    #expect(tracker.workers(servingAnyOf: []).isEmpty)
  }
}
