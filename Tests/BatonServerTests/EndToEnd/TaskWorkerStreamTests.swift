import BatonClient
import BatonProto
import BatonServer
import Foundation
import GRPCCore
import Testing

extension EndToEnd {
  /// `TaskWorkers.SubscribeScheduledTaskRuns` and `ReadTaskWorkers` (spec task-workers §E).
  @Suite("Task-worker subscriptions")
  struct TaskWorkerStreamTests {
    @Test func runsAreDeliveredOnlyForTheSubscribedKeys() async throws {
      try await withBatonServer { baton, _ in
        let a = try await baton.createBackgroundRun(key: "a")
        let b = try await baton.createBackgroundRun(key: "b")
        _ = try await baton.createBackgroundRun(key: "c")
        let worker = try await WorkerStream.subscribe(baton, keys: ["a", "b"])
        var delivered: Set<String> = []
        for _ in 0..<2 {
          let run = try #require(await worker.nextRun())
          delivered.insert(run.id)
          worker.acknowledge(run.id)
        }
        #expect(delivered == [a.id, b.id])
        #expect(await worker.nextRun(within: .milliseconds(300)) == nil)
        worker.quit()
        #expect(await worker.endStatus()?.code == .ok)
      }
    }

    @Test func theDeliveredRunCarriesItsDeferredScheduledState() async throws {
      try await withBatonServer { baton, _ in
        let created = try await baton.createBackgroundRun(key: "k", parametersID: "0195c0de-0000-7000-8000-0000000000ff")
        let worker = try await WorkerStream.subscribe(baton, keys: ["k"])
        let run = try #require(await worker.nextRun())
        #expect(run.id == created.id)
        #expect(run.state?.type == .scheduled)
        #expect(run.state?.stateDetails?.deferred == true)
        #expect(run.state?.stateDetails?.taskParametersID == "0195c0de-0000-7000-8000-0000000000ff")
        worker.acknowledge(run.id)
        worker.quit()
      }
    }

    @Test func oneUnacknowledgedRunPerStreamUnlessPrefetchAllowsMore() async throws {
      try await withBatonServer { baton, _ in
        for _ in 0..<4 { _ = try await baton.createBackgroundRun(key: "k") }
        let single = try await WorkerStream.subscribe(baton, keys: ["k"])
        let first = try #require(await single.nextRun())
        #expect(await single.nextRun(within: .milliseconds(300)) == nil)
        single.acknowledge(first.id)
        let second = try #require(await single.nextRun())
        #expect(second.id != first.id)
        // Quit acknowledges the outstanding second run.
        single.quit()
        #expect(await single.endStatus()?.code == .ok)

        let prefetching = try await WorkerStream.subscribe(baton, keys: ["k"], prefetch: 2)
        let third = try #require(await prefetching.nextRun())
        let fourth = try #require(await prefetching.nextRun())
        #expect(Set([first.id, second.id, third.id, fourth.id]).count == 4)
        #expect(await prefetching.nextRun(within: .milliseconds(200)) == nil)
        prefetching.acknowledge(fourth.id)
        prefetching.acknowledge(third.id)
        prefetching.quit()
      }
    }

    @Test func twoSubscribersOnOneKeyGetDisjointSetsCoveringEveryRun() async throws {
      try await withBatonServer { baton, _ in
        var expected: Set<String> = []
        for _ in 0..<20 { expected.insert(try await baton.createBackgroundRun(key: "shared").id) }
        let workers = [
          try await WorkerStream.subscribe(baton, keys: ["shared"]),
          try await WorkerStream.subscribe(baton, keys: ["shared"]),
        ]
        let received = await withTaskGroup(of: [String].self) { group in
          for worker in workers {
            group.addTask {
              var mine: [String] = []
              while let run = await worker.nextRun(within: .milliseconds(500)) {
                mine.append(run.id)
                // A little work, so that both workers get a share.
                try? await Task.sleep(for: .milliseconds(5))
                worker.acknowledge(run.id)
              }
              return mine
            }
          }
          return await group.reduce(into: [[String]]()) { $0.append($1) }
        }
        #expect(received.allSatisfy { !$0.isEmpty })
        #expect(Set(received[0]).isDisjoint(with: received[1]))
        #expect(Set(received.joined()) == expected)
        #expect(received.joined().count == expected.count)
        for worker in workers { worker.quit() }
      }
    }

    @Test func aRunIsDeliveredAgainWhenAStreamEndsWithoutAcknowledgingIt() async throws {
      try await withBatonServer { baton, _ in
        let created = try await baton.createBackgroundRun(key: "k")
        let dying = try await WorkerStream.subscribe(baton, keys: ["k"])
        #expect(await dying.nextRun()?.id == created.id)
        await dying.cancel()

        let next = try await WorkerStream.subscribe(baton, keys: ["k"])
        #expect(await next.nextRun()?.id == created.id)
        next.acknowledge(created.id)
        next.quit()
        #expect(await next.endStatus()?.code == .ok)
      }
    }

    @Test func acknowledgedOrQuitRunsAreNotDeliveredAgain() async throws {
      try await withBatonServer { baton, _ in
        let acknowledged = try await baton.createBackgroundRun(key: "k")
        let first = try await WorkerStream.subscribe(baton, keys: ["k"])
        #expect(await first.nextRun()?.id == acknowledged.id)
        first.acknowledge(acknowledged.id)
        first.quit()
        #expect(await first.endStatus()?.code == .ok)

        let quitWith = try await baton.createBackgroundRun(key: "k")
        let second = try await WorkerStream.subscribe(baton, keys: ["k"])
        #expect(await second.nextRun()?.id == quitWith.id)
        // Quit acknowledges the outstanding run.
        second.quit()
        #expect(await second.endStatus()?.code == .ok)

        let third = try await WorkerStream.subscribe(baton, keys: ["k"])
        #expect(await third.nextRun(within: .milliseconds(500)) == nil)
        // Closing the sending side is a quit too.
        third.finishSending()
        #expect(await third.endStatus()?.code == .ok)
      }
    }

    @Test func aRunTakenAfterAQuitGoesToTheNextWorker() async throws {
      try await withBatonServer { baton, _ in
        var expected: Set<String> = []
        for _ in 0..<40 { expected.insert(try await baton.createBackgroundRun(key: "k").id) }
        // Workers that leave while the server is handing them runs — closing their side
        // right after subscribing, or quitting once subscribed: a run they received counts
        // as acknowledged, any other must stay queued.
        var received: [String] = []
        for attempt in 0..<40 {
          let leaving: WorkerStream
          if attempt.isMultiple(of: 2) {
            leaving = WorkerStream.open(
              baton, first: .with { $0.kind = .subscribe(.with { $0.taskKeys = ["k"]; $0.clientID = "leaving" }) })
            leaving.finishSending()
          } else {
            leaving = try await WorkerStream.subscribe(baton, keys: ["k"], prefetch: 2)
            leaving.quit()
          }
          #expect(await leaving.endStatus()?.code == .ok)
          received += leaving.takeDeliveredRunIDs()
        }
        let last = try await WorkerStream.subscribe(baton, keys: ["k"])
        received += await last.acknowledgeAllAndQuit(waitingUpTo: .milliseconds(500))
        #expect(received.count == expected.count)
        #expect(Set(received) == expected)
      }
    }

    @Test func aBacklogLargerThanTheQueueIsDeliveredInRefills() async throws {
      try await withBatonServer(configure: { $0.taskRunQueueCapacity = .init(scheduled: 4, retry: 2) }) { baton, _ in
        var expected: Set<String> = []
        for _ in 0..<15 { expected.insert(try await baton.createBackgroundRun(key: "k").id) }
        let worker = try await WorkerStream.subscribe(baton, keys: ["k"])
        // Refills come from the once-a-second sweep, a few runs at a time.
        let delivered = await worker.acknowledgeAllAndQuit(waitingUpTo: .seconds(3))
        #expect(delivered.count == expected.count)
        #expect(Set(delivered) == expected)
      }
    }

    @Test func runsThatAreNotDeferredAreNeverDelivered() async throws {
      try await withBatonServer { baton, _ in
        _ = try await baton.taskRuns.createTaskRun(
          .with {
            $0.taskKey = "k"
            $0.dynamicKey = "scheduled, not deferred"
            $0.state = .with { $0.type = .scheduled }
          })
        _ = try await baton.taskRuns.createTaskRun(
          .with {
            $0.taskKey = "k"
            $0.dynamicKey = "pending, deferred"
            $0.state = .with {
              $0.type = .pending
              $0.stateDetails = .with { $0.deferred = true }
            }
          })
        let worker = try await WorkerStream.subscribe(baton, keys: ["k"])
        #expect(await worker.nextRun(within: .milliseconds(500)) == nil)
        worker.quit()
      }
    }

    @Test func aDeferredScheduledStateSetLaterQueuesTheRunAgain() async throws {
      try await withBatonServer { baton, _ in
        let run = try await baton.createBackgroundRun(key: "k")
        let worker = try await WorkerStream.subscribe(baton, keys: ["k"])
        #expect(await worker.nextRun()?.id == run.id)
        worker.acknowledge(run.id)
        let rescheduled = try await baton.taskRuns.setTaskRunState(
          .with {
            $0.id = run.id
            $0.state = .with {
              $0.type = .scheduled
              $0.stateDetails = .with { $0.deferred = true }
            }
            $0.force = true
          })
        #expect(rescheduled.status == .accept)
        #expect(await worker.nextRun()?.id == run.id)
        worker.acknowledge(run.id)
        worker.quit()
      }
    }

    @Test func protocolViolationsEndTheCallWithPrefectsReasons() async throws {
      try await withBatonServer { baton, _ in
        let notSubscribe = WorkerStream.open(baton, first: .with { $0.kind = .quit(Baton_V1_Quit()) })
        let noSubscribe = await notSubscribe.endStatus()
        #expect(noSubscribe?.code == .invalidArgument)
        #expect(noSubscribe?.message == "Protocol violation: expected 'subscribe' message")

        let noKeys = WorkerStream.open(baton, first: .with { $0.kind = .subscribe(.with { $0.clientID = "w" }) })
        #expect(await noKeys.endStatus()?.message == "Protocol violation: expected 'keys' in subscribe message")

        let noID = WorkerStream.open(baton, first: .with { $0.kind = .subscribe(.with { $0.taskKeys = ["k"] }) })
        #expect(await noID.endStatus()?.message == "Protocol violation: expected 'client_id' in subscribe message")

        let run = try await baton.createBackgroundRun(key: "k")
        let wrongAck = try await WorkerStream.subscribe(baton, keys: ["k"])
        #expect(await wrongAck.nextRun()?.id == run.id)
        wrongAck.acknowledge(UUID().uuidString.lowercased())
        #expect(await wrongAck.endStatus()?.code == .failedPrecondition)

        let resubscribe = try await WorkerStream.subscribe(baton, keys: ["k"])
        // The run the violating stream held went back to the queue.
        #expect(await resubscribe.nextRun()?.id == run.id)
        resubscribe.send(.with { $0.kind = .subscribe(.with { $0.taskKeys = ["k"]; $0.clientID = "again" }) })
        #expect(await resubscribe.endStatus()?.code == .invalidArgument)

        let malformedAck = try await WorkerStream.subscribe(baton, keys: ["k"])
        #expect(await malformedAck.nextRun()?.id == run.id)
        malformedAck.acknowledge("not-a-uuid")
        let malformed = await malformedAck.endStatus()
        #expect(malformed?.code == .invalidArgument)
        #expect(malformed?.message.hasPrefix("ack.task_run_id must be a UUID") == true)

        let last = try await WorkerStream.subscribe(baton, keys: ["k"])
        #expect(await last.nextRun()?.id == run.id)
        last.acknowledge(run.id)
        last.quit()
      }
    }

    @Test func workersAppearWhileSubscribedAndDisappearWhenTheirLastStreamEnds() async throws {
      try await withBatonServer { baton, _ in
        let one = try await WorkerStream.subscribe(baton, keys: ["task1", "task2"], clientID: "one")
        let alsoOne = try await WorkerStream.subscribe(baton, keys: ["task3"], clientID: "one")
        let two = try await WorkerStream.subscribe(baton, keys: ["task2"], clientID: "two")

        let all = try await baton.taskWorkers.readTaskWorkers(.with { _ in }).workers
        #expect(all.map(\.identifier).sorted() == ["one", "two"])
        #expect(all.first { $0.identifier == "one" }?.taskKeys.sorted() == ["task1", "task2", "task3"])
        let serving2 = try await baton.taskWorkers.readTaskWorkers(.with { $0.taskKeys = ["task2"] }).workers
        #expect(serving2.map(\.identifier).sorted() == ["one", "two"])
        let serving1 = try await baton.taskWorkers.readTaskWorkers(.with { $0.taskKeys = ["task1"] }).workers
        #expect(serving1.map(\.identifier) == ["one"])
        #expect(try await baton.taskWorkers.readTaskWorkers(.with { $0.taskKeys = ["nobody"] }).workers.isEmpty)

        two.quit()
        _ = await two.endStatus()
        await one.cancel()
        #expect(try await baton.taskWorkers.readTaskWorkers(.with { _ in }).workers.map(\.identifier) == ["one"])
        alsoOne.quit()
        _ = await alsoOne.endStatus()
        #expect(try await baton.taskWorkers.readTaskWorkers(.with { _ in }).workers.isEmpty)
      }
    }
  }
}

extension BatonConnection {
  /// Creates a background task run: SCHEDULED with `deferred` set, as Prefect's
  /// `apply_async` does.
  func createBackgroundRun(key: String, parametersID: String? = nil) async throws -> Baton_V1_TaskRun {
    try await makeTaskRun {
      $0.taskKey = key
      $0.dynamicKey = "\(key)-\(UUID().uuidString.lowercased())"
      $0.state = .of(.scheduled) {
        $0.deferred = true
        $0.taskParametersID = parametersID
      }
    }
  }
}
