import BatonClient
import BatonProto
import BatonServer
import Foundation
import GRPCCore
import Synchronization
import Testing

extension EndToEnd {
  /// `TaskRuns.WatchTaskRuns`: committed state changes, filtered, with bounded buffering.
  @Suite("Watching task runs")
  struct WatchTaskRunsTests {
    /// The task key of the runs that only tell a test its watch is registered.
    static let probeKey = "probe"
    /// Collects a watch's events from a background task until cancelled.
    final class Watcher: Sendable {
      private let events = Mutex<[Baton_V1_TaskRunEvent]>([])
      private let ending = Mutex<(any Error)?>(nil)
      private let task = Mutex<Task<Void, Never>?>(nil)
      private let paused = Mutex(false)

      init(_ baton: BatonConnection, _ request: Baton_V1_WatchTaskRunsRequest, pauseAfter pause: Int? = nil) {
        let task = Task {
          do {
            var options = CallOptions.defaults
            options.timeout = .seconds(30)
            try await baton.taskRuns.watchTaskRuns(request, options: options) { response in
              for try await event in response.messages {
                let count = self.events.withLock { events in
                  events.append(event)
                  return events.count
                }
                // A reader that stops reading until the test resumes it.
                if count == pause {
                  self.paused.withLock { $0 = true }
                  while self.paused.withLock({ $0 }) { try? await Task.sleep(for: .milliseconds(10)) }
                }
              }
            }
          } catch {
            self.ending.withLock { $0 = error }
          }
        }
        self.task.withLock { $0 = task }
      }

      /// The events received, without those of probe runs.
      var received: [Baton_V1_TaskRunEvent] {
        events.withLock { $0.filter { $0.taskRun?.taskKey != WatchTaskRunsTests.probeKey } }
      }

      /// Returns once the watch is registered on the server (it has no confirmation message):
      /// creates probe runs with `probe` until the watch receives one.
      func waitUntilWatching(creatingProbesWith probe: () async throws -> Void) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while events.withLock(\.isEmpty), error == nil {
          #expect(ContinuousClock.now < deadline, "the watch never received a probe run")
          guard ContinuousClock.now < deadline else { return }
          try await probe()
          try await Task.sleep(for: .milliseconds(50))
        }
      }
      var error: (any Error)? { ending.withLock { $0 } }

      /// Waits until `count` events arrived, or `timeout` passed.
      func waitFor(_ count: Int, within timeout: Duration = .seconds(5)) async {
        let deadline = ContinuousClock.now + timeout
        while received.count < count, error == nil, ContinuousClock.now < deadline {
          try? await Task.sleep(for: .milliseconds(5))
        }
      }

      func waitForEnd(within timeout: Duration = .seconds(10)) async -> (any Error)? {
        let deadline = ContinuousClock.now + timeout
        while error == nil, ContinuousClock.now < deadline {
          try? await Task.sleep(for: .milliseconds(10))
        }
        return error
      }

      func resume() {
        paused.withLock { $0 = false }
      }

      func stop() async {
        let task = task.withLock { $0 }
        task?.cancel()
        await task?.value
      }
    }

    @Test func aWatcherSeesEveryTransitionOfALifecycleInOrder() async throws {
      try await withBatonServer { baton, _ in
        let watcher = Watcher(baton, .with { _ in })
        try await watcher.waitUntilWatching { try await baton.makeProbe() }
        let run = try await baton.makeTaskRun()
        for type in [Baton_V1_StateType.running, .completed] {
          #expect(try await baton.propose(.of(type), to: run.id).status == .accept)
        }
        await watcher.waitFor(3)
        let events = watcher.received
        #expect(events.map(\.state?.type) == [.pending, .running, .completed])
        #expect(events.allSatisfy { $0.taskRun?.id == run.id })
        #expect(events.map(\.taskRun?.stateType) == [.pending, .running, .completed])
        #expect(events.last?.state?.id == events.last?.taskRun?.stateID)
        #expect(zip(events, events.dropFirst()).allSatisfy { $0.occurred! < $1.occurred! })
        await watcher.stop()
      }
    }

    @Test func aWatcherSeesTheStatesASubflowRunForcesOntoItsParentTaskRun() async throws {
      try await withBatonServer { baton, _ in
        let parent = try await baton.makeFlowRun()
        let task = try await baton.makeTaskRun { $0.flowRunID = parent.id }
        let watcher = Watcher(baton, .with { _ in })
        try await watcher.waitUntilWatching { try await baton.makeProbe() }
        let subflow = try await baton.makeFlowRun(state: .pending) { $0.parentTaskRunID = task.id }
        _ = try await baton.flowRuns.setFlowRunState(
          .with {
            $0.id = subflow.id
            $0.state = .of(.running)
          })
        await watcher.waitFor(2)
        let events = watcher.received
        #expect(events.map(\.state?.type) == [.pending, .running])
        #expect(events.allSatisfy { $0.taskRun?.id == task.id })
        #expect(events.allSatisfy { $0.state?.stateDetails?.childFlowRunID == subflow.id })
        await watcher.stop()
      }
    }

    @Test func aWatcherReceivesOnlyTheRunsItsFiltersMatch() async throws {
      try await withBatonServer { baton, _ in
        let watcher = Watcher(baton, .with {
          $0.taskRuns = .with { $0.tags = .with { $0.all_ = ["watched"] } }
        })
        try await watcher.waitUntilWatching { try await baton.makeProbe(tags: ["watched"]) }
        _ = try await baton.makeTaskRun { $0.dynamicKey = "unwatched" }
        let watched = try await baton.makeTaskRun {
          $0.dynamicKey = "watched"
          $0.tags = ["watched", "other"]
        }
        await watcher.waitFor(1)
        try await Task.sleep(for: .milliseconds(200))
        #expect(watcher.received.map(\.taskRun?.id) == [watched.id])
        await watcher.stop()
      }
    }

    /// (events, bytes) a watch may fall behind: the count bounds the first case, the bytes the
    /// second (each event carries about 13 KB of tags).
    @Test(arguments: [(100, 16 * 1024 * 1024), (100_000, 1024 * 1024)])
    func aWatcherThatStopsReadingIsDroppedWhileOthersKeepReceiving(events: Int, bytes: Int) async throws {
      try await withBatonServer(configure: {
        $0.watchCapacity = events
        $0.watchByteCapacity = bytes
      }) { baton, _ in
        let reading = Watcher(baton, .with { _ in })
        let stalled = Watcher(baton, .with { _ in }, pauseAfter: 1)
        try await reading.waitUntilWatching { try await baton.makeProbe() }
        try await stalled.waitUntilWatching { try await baton.makeProbe() }
        // Big events, so that the stalled reader's flow-control window fills quickly.
        let tags = (0..<200).map { "tag-\($0)-" + String(repeating: "x", count: 40) }
        let total = 600
        try await withThrowingTaskGroup(of: Void.self) { group in
          for caller in 0..<4 {
            group.addTask {
              for index in stride(from: caller, to: total, by: 4) {
                _ = try await baton.makeTaskRun {
                  $0.dynamicKey = "\(index)"
                  $0.tags = tags
                }
              }
            }
          }
          try await group.waitForAll()
        }
        await reading.waitFor(total)
        #expect(reading.received.count == total)
        #expect(reading.error == nil)

        stalled.resume()
        let error = await stalled.waitForEnd()
        #expect((error as? RPCError)?.code == .resourceExhausted)
        #expect(stalled.received.count < total)
        await reading.stop()
      }
    }

    @Test func anUnknownFilterValueIsRefused() async throws {
      try await withBatonServer { baton, _ in
        let watcher = Watcher(baton, .with {
          $0.taskRuns = .with { $0.id = .with { $0.any_ = .with { $0.values = ["not-a-uuid"] } } }
        })
        let error = await watcher.waitForEnd()
        #expect((error as? RPCError)?.code == .invalidArgument)
      }
    }
  }
}

extension BatonConnection {
  /// A run whose events only tell a watcher it is registered (`WatchTaskRunsTests.probeKey`).
  fileprivate func makeProbe(tags: [String] = []) async throws {
    _ = try await makeTaskRun {
      $0.taskKey = EndToEnd.WatchTaskRunsTests.probeKey
      $0.dynamicKey = UUID().uuidString
      $0.tags = tags
    }
  }
}
