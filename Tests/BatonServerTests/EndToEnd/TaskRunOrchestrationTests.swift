import BatonClient
import BatonProto
import Foundation
import GRPCCore
import Testing

extension EndToEnd {
  /// SetTaskRunState: the core task policy through the API (spec orchestration §B, §C,
  /// task-run-api §2.9, tests in §7.1 TestSetTaskRunState).
  @Suite struct TaskRunOrchestration {
    static let start = EndToEnd.newYear2030

    @Test func pendingRunningCompletedIsAcceptedWithItsBookkeeping() async throws {
      let clock = ServerClock(stoppedAt: Self.start)
      try await withBatonServer(clock: clock) { baton, _ in
        let flowRun = try await baton.makeFlowRun()
        let run = try await baton.makeTaskRun { $0.flowRunID = flowRun.id }
        clock.advance(by: 1)
        let running = try await baton.propose(.of(.running, name: "Test State"), to: run.id)
        #expect(running.status == .accept)
        #expect(running.details == .acceptDetails(Baton_V1_AcceptDetails()))
        #expect(running.created)
        #expect(running.state?.type == .running)
        #expect(running.state?.name == "Test State")
        #expect(running.state?.timestamp == Self.start + 1)
        #expect(running.state?.stateDetails?.taskRunID == run.id)
        #expect(running.state?.stateDetails?.flowRunID == flowRun.id)
        let started = try await baton.taskRun(run.id)
        #expect(started.stateID == running.state?.id)
        #expect(started.stateType == .running)
        #expect(started.stateName == "Test State")
        #expect(started.runCount == 1)
        #expect(started.flowRunRunCount == flowRun.runCount)
        #expect(started.startTime == Self.start + 1)

        clock.advance(by: 3)
        let completed = try await baton.propose(.of(.completed), to: run.id)
        #expect(completed.status == .accept)
        #expect(completed.state?.name == "Completed")
        let finished = try await baton.taskRun(run.id)
        #expect(finished.stateType == .completed)
        #expect(finished.endTime == Self.start + 4)
        #expect(finished.totalRunTime == 3)
        #expect(finished.runCount == 1)
        #expect(finished.expectedStartTime == Self.start)
      }
    }

    @Test func autonomousRunMayRun() async throws {
      try await withBatonServer { baton, _ in
        let run = try await baton.makeTaskRun()
        let result = try await baton.propose(.of(.running), to: run.id)
        #expect(result.status == .accept)
        let running = try await baton.taskRun(run.id)
        #expect(running.runCount == 1)
        #expect(running.flowRunID == nil)
      }
    }

    @Test func sameStateTwiceIsAcceptedAndASecondRunIsARerun() async throws {
      try await withBatonServer { baton, _ in
        let run = try await baton.makeTaskRun()
        for _ in 0..<2 {
          let result = try await baton.propose(.of(.pending), to: run.id)
          #expect(result.status == .accept)
          #expect(result.created)
        }
        let first = try await baton.propose(.of(.running), to: run.id)
        let second = try await baton.propose(.of(.running), to: run.id)
        #expect([first.status, second.status] == [.accept, .accept])
        #expect([first.state?.name, second.state?.name] == ["Running", "Rerunning"])
        #expect(try await baton.taskRun(run.id).runCount == 2)
      }
    }

    @Test func failureWithRetriesLeftAwaitsRetryThenRetriesAfterTheDelay() async throws {
      let clock = ServerClock(stoppedAt: Self.start)
      try await withBatonServer(clock: clock) { baton, _ in
        let run = try await baton.makeTaskRun {
          $0.empiricalPolicy = .with {
            $0.retries = 1
            $0.retryDelay = 10
          }
        }
        clock.advance(by: 1)
        _ = try await baton.propose(.of(.running), to: run.id)
        clock.advance(by: 1)
        let failed = try await baton.propose(.of(.failed, name: "Boom"), to: run.id)
        #expect(failed.status == .reject)
        #expect(failed.reason == "Retrying")
        #expect(failed.created)
        let awaiting = try #require(failed.state)
        #expect(awaiting.type == .scheduled)
        #expect(awaiting.name == "AwaitingRetry")
        #expect(awaiting.stateDetails?.scheduledTime == Self.start + 12)
        let scheduled = try await baton.taskRun(run.id)
        #expect(scheduled.stateType == .scheduled)
        #expect(scheduled.nextScheduledStartTime == Self.start + 12)
        #expect(scheduled.endTime == nil)

        clock.advance(by: 4)
        let early = try await baton.propose(.of(.running), to: run.id)
        #expect(early.status == .wait)
        #expect(early.delaySeconds == 6)
        #expect(early.reason == "Scheduled time is in the future")
        #expect(!early.created)
        #expect(early.state == awaiting)

        clock.advance(by: 6)
        let retrying = try await baton.propose(.of(.running), to: run.id)
        #expect(retrying.status == .accept)
        #expect(retrying.state?.name == "Retrying")
        #expect(try await baton.taskRun(run.id).runCount == 2)

        clock.advance(by: 1)
        let final = try await baton.propose(.of(.failed), to: run.id)
        #expect(final.status == .accept)
        #expect(final.state?.type == .failed)
        let ended = try await baton.taskRun(run.id)
        #expect(ended.endTime == Self.start + 13)
        #expect(ended.nextScheduledStartTime == nil)
        #expect(ended.totalRunTime == 2)
      }
    }

    @Test func failedTaskOfARetriedFlowRunRunsAgainAsRetrying() async throws {
      try await withBatonServer { baton, _ in
        let flowRun = try await baton.makeFlowRun()
        let run = try await baton.makeTaskRun { $0.flowRunID = flowRun.id }
        _ = try await baton.propose(.of(.running), to: run.id)
        _ = try await baton.propose(.of(.failed), to: run.id)
        for type in [Baton_V1_StateType.failed, .running] {
          _ = try await baton.flowRuns.setFlowRunState(
            .with {
              $0.id = flowRun.id
              $0.state = .of(type)
            })
        }
        let retriedFlow = try await baton.flowRuns.readFlowRun(.with { $0.id = flowRun.id })
        #expect(retriedFlow.runCount == 2)

        let result = try await baton.propose(.of(.running), to: run.id)
        #expect(result.status == .accept)
        #expect(result.state?.name == "Retrying")
        let rerun = try await baton.taskRun(run.id)
        #expect(rerun.runCount == 1)
        #expect(rerun.flowRunRunCount == 2)
        #expect(rerun.endTime == nil)
      }
    }

    @Test(arguments: [(1e12, "1000000000000.0"), (-1e20, "-1e+20")])
    func retryThatCannotBeScheduledIsFailedPreconditionAndWritesNothing(delay: Double, shown: String) async throws {
      try await withBatonServer { baton, _ in
        let run = try await baton.makeTaskRun {
          $0.empiricalPolicy = .with {
            $0.retries = 1
            $0.retryDelay = .number(delay)
          }
        }
        let running = try await baton.propose(.of(.running), to: run.id)
        await expectRPCError(
          .failedPrecondition,
          message: "A retry delay of \(shown) seconds schedules the retry outside 0001-01-01T00:00:00Z to "
            + "9999-12-31T23:59:59Z; configure a shorter retry_delay."
        ) {
          try await baton.propose(.of(.failed), to: run.id)
        }
        let unchanged = try await baton.taskRuns.readTaskRuns(.init()).taskRuns
        #expect(unchanged.map(\.stateID) == [running.state?.id])
      }
    }

    @Test func forceSkipsTheRetryRule() async throws {
      try await withBatonServer { baton, _ in
        let run = try await baton.makeTaskRun { $0.empiricalPolicy = .with { $0.retries = 1 } }
        _ = try await baton.propose(.of(.running), to: run.id)
        let result = try await baton.propose(.of(.failed), to: run.id, force: true)
        #expect(result.status == .accept)
        #expect(result.state?.type == .failed)
      }
    }

    @Test func failureMarkedNotRetriableIsAccepted() async throws {
      try await withBatonServer { baton, _ in
        let run = try await baton.makeTaskRun { $0.empiricalPolicy = .with { $0.retries = 3 } }
        _ = try await baton.propose(.of(.running), to: run.id)
        let result = try await baton.propose(.of(.failed) { $0.retriable = false }, to: run.id)
        #expect(result.status == .accept)
        #expect(result.state?.type == .failed)
      }
    }

    @Test func runningBeforeTheScheduledTimeWaitsAlsoThroughPending() async throws {
      let clock = ServerClock(stoppedAt: Self.start)
      try await withBatonServer(clock: clock) { baton, _ in
        let run = try await baton.makeTaskRun {
          $0.state = .of(.scheduled) { $0.scheduledTime = Self.start + 300 }
        }
        clock.advance(by: 1)
        let pending = try await baton.propose(.of(.pending), to: run.id)
        #expect(pending.status == .accept)
        #expect(pending.state?.stateDetails?.scheduledTime == Self.start + 300)
        let early = try await baton.propose(.of(.running), to: run.id)
        #expect(early.status == .wait)
        #expect(early.delaySeconds == 299)
        #expect(early.state == pending.state)
        #expect(try await baton.taskRun(run.id).stateType == .pending)
        #expect(try await baton.propose(.of(.running), to: run.id, force: true).status == .accept)
      }
    }

    @Test func completedStateWithACacheKeyServesLaterRunsWithTheSameKey() async throws {
      try await withBatonServer { baton, _ in
        let first = try await baton.makeTaskRun()
        _ = try await baton.propose(.of(.running), to: first.id)
        let result: JSONValue = ["storage_key": "results/sum", "value": 42]
        let completed = try await baton.propose(
          .with {
            $0.type = .completed
            $0.data = result
            $0.stateDetails = .with { $0.cacheKey = "sum(40, 2)" }
          }, to: first.id)
        #expect(completed.status == .accept)

        let second = try await baton.makeTaskRun { $0.dynamicKey = "1" }
        let cached = try await baton.propose(.of(.running) { $0.cacheKey = "sum(40, 2)" }, to: second.id)
        #expect(cached.status == .reject)
        #expect(cached.reason == "Retrieved state from cache")
        #expect(cached.created)
        let state = try #require(cached.state)
        #expect(state.type == .completed)
        #expect(state.name == "Cached")
        #expect(state.data == result)
        #expect(state.id != completed.state?.id)
        #expect(state.stateDetails?.taskRunID == second.id)
        let run = try await baton.taskRun(second.id)
        #expect(run.stateType == .completed)
        #expect(run.stateName == "Cached")
        #expect(run.runCount == 0)
      }
    }

    @Test func unpersistedDataIsOnlyEchoedAndArtifactKeysAreLiftedOutOfData() async throws {
      try await withBatonServer { baton, _ in
        let unpersisted: JSONValue = ["type": "unpersisted"]
        let created = try await baton.makeTaskRun { $0.state = .with { $0.type = .completed; $0.data = unpersisted } }
        #expect(created.state?.data == nil)

        let run = try await baton.makeTaskRun { $0.dynamicKey = "1" }
        let running = try await baton.propose(.with { $0.type = .running; $0.data = unpersisted }, to: run.id)
        #expect(running.state?.data == unpersisted)
        #expect(try await baton.taskRun(run.id).state?.data == nil)

        let withArtifact = try await baton.propose(
          .with {
            $0.type = .completed
            $0.data = ["value": "x", "artifact_key": "k", "artifact_type": "t", "artifact_description": "d"]
          }, to: run.id)
        #expect(withArtifact.state?.data == ["value": "x"])
        #expect(try await baton.taskRun(run.id).state?.data == ["value": "x"])
      }
    }

    @Test func expiredOrRefreshedCacheEntriesAreNotServed() async throws {
      try await withBatonServer { baton, _ in
        let source = try await baton.makeTaskRun()
        _ = try await baton.propose(.of(.running), to: source.id)
        _ = try await baton.propose(
          .of(.completed) {
            $0.cacheKey = "expired"
            $0.cacheExpiration = Date() - 60
          }, to: source.id)
        let expired = try await baton.makeTaskRun { $0.dynamicKey = "1" }
        let runningAgain = try await baton.propose(.of(.running) { $0.cacheKey = "expired" }, to: expired.id)
        #expect(runningAgain.status == .accept)
        #expect(runningAgain.state?.name == "Running")

        let fresh = try await baton.makeTaskRun { $0.dynamicKey = "2" }
        _ = try await baton.propose(.of(.running), to: fresh.id)
        _ = try await baton.propose(.of(.completed) { $0.cacheKey = "fresh" }, to: fresh.id)
        let refreshing = try await baton.makeTaskRun { $0.dynamicKey = "3" }
        let refreshed = try await baton.propose(
          .of(.running) {
            $0.cacheKey = "fresh"
            $0.refreshCache = true
          }, to: refreshing.id)
        #expect(refreshed.status == .accept)
      }
    }

    @Test func cacheKeyOver2000CharactersIsWrittenButRejected() async throws {
      try await withBatonServer { baton, _ in
        let run = try await baton.makeTaskRun()
        _ = try await baton.propose(.of(.running), to: run.id)
        let key = String(repeating: "k", count: 5000)
        let result = try await baton.propose(.of(.completed) { $0.cacheKey = key }, to: run.id)
        #expect(result.status == .reject)
        #expect(result.reason == "Cache key exceeded maximum allowed length of 2000 characters.")
        #expect(result.created)
        #expect(result.state?.type == .completed)
        #expect(try await baton.taskRun(run.id).stateType == .completed)
        // Not inserted into the cache: another run with that key really runs.
        let other = try await baton.makeTaskRun { $0.dynamicKey = "1" }
        #expect(try await baton.propose(.of(.running) { $0.cacheKey = key }, to: other.id).status == .accept)
      }
    }

    @Test(arguments: [
      Baton_V1_StateType.scheduled, .pending, .completed, .failed, .cancelled, .crashed, .cancelling,
    ])
    func tasksOfAFlowRunThatIsNotRunningAbort(flowState: Baton_V1_StateType) async throws {
      try await withBatonServer { baton, _ in
        let flowRun = try await baton.makeFlowRun(state: flowState)
        let run = try await baton.makeTaskRun { $0.flowRunID = flowRun.id }
        let result = try await baton.propose(.of(.running), to: run.id)
        #expect(result.status == .abort)
        #expect(result.reason == "The enclosing flow must be running to begin task execution.")
        #expect(!result.created)
        #expect(result.state == run.state)
        #expect(try await baton.taskRun(run.id).stateType == .pending)
      }
    }

    @Test func tasksOfAPausedFlowRunAreNotReadyUntilItRunsAgain() async throws {
      try await withBatonServer { baton, _ in
        let flowRun = try await baton.makeFlowRun()
        let pauseTimeout = Date(timeIntervalSince1970: 1_900_000_000)
        let paused = try await baton.flowRuns.setFlowRunState(
          .with {
            $0.id = flowRun.id
            $0.state = .of(.paused) {
              $0.pauseTimeout = pauseTimeout
              $0.pauseReschedule = true
            }
          })
        let run = try await baton.makeTaskRun { $0.flowRunID = flowRun.id }
        let result = try await baton.propose(.of(.running), to: run.id)
        #expect(result.status == .reject)
        #expect(result.reason == "The flow is paused, new tasks can execute after resuming flow run: \(flowRun.id).")
        let notReady = try #require(result.state)
        #expect(notReady.type == .paused)
        #expect(notReady.name == "NotReady")
        #expect(notReady.id != paused.state?.id)
        #expect(notReady.stateDetails?.pauseTimeout == pauseTimeout)
        #expect(notReady.stateDetails?.pauseReschedule == true)
        #expect(try await baton.taskRun(run.id).stateName == "NotReady")

        _ = try await baton.flowRuns.setFlowRunState(
          .with {
            $0.id = flowRun.id
            $0.state = .of(.running)
          })
        #expect(try await baton.propose(.of(.running), to: run.id).status == .accept)
      }
    }

    @Test func terminalRunCannotCrashOrBeCancelling() async throws {
      try await withBatonServer { baton, _ in
        let run = try await baton.makeTaskRun { $0.state = .of(.completed) }
        for proposal in [Baton_V1_StateType.crashed, .cancelling, .paused] {
          let result = try await baton.propose(.of(proposal), to: run.id)
          #expect(result.status == .abort)
          #expect(result.reason == "Run is already COMPLETED.")
          #expect(result.state == run.state)
        }
      }
    }

    @Test func completedRunWithAPersistedResultStaysCompleted() async throws {
      try await withBatonServer { baton, _ in
        let run = try await baton.makeTaskRun {
          $0.state = .with {
            $0.type = .completed
            $0.data = ["storage_key": "results/abc", "serializer": "json"]
          }
        }
        let result = try await baton.propose(.of(.running), to: run.id)
        #expect(result.status == .reject)
        #expect(result.reason == "This run is already completed.")
        #expect(!result.created)
        #expect(result.state == run.state)
      }
    }

    @Test func completedRunWithoutAResultMayRunAgain() async throws {
      try await withBatonServer { baton, _ in
        let run = try await baton.makeTaskRun { $0.state = .of(.completed) }
        let result = try await baton.propose(.of(.running), to: run.id)
        #expect(result.status == .accept)
        let rerun = try await baton.taskRun(run.id)
        #expect(rerun.endTime == nil)
        #expect(rerun.runCount == 1)
      }
    }

    @Test(arguments: [
      (Baton_V1_StateType.pending, "PENDING"), (.running, "RUNNING"), (.cancelled, "CANCELLED"),
      (.cancelling, "CANCELLING"),
    ])
    func deferredRunCannotReturnToPending(from type: Baton_V1_StateType, named typeName: String) async throws {
      try await withBatonServer { baton, _ in
        let run = try await baton.makeTaskRun { $0.state = .of(.scheduled) { $0.deferred = true } }
        #expect(try await baton.propose(.of(type) { $0.deferred = true }, to: run.id).status == .accept)
        // A deferred proposal goes through the background policy even when forced.
        let again = try await baton.propose(.of(.pending) { $0.deferred = true }, to: run.id, force: true)
        #expect(again.status == .abort)
        #expect(again.reason == "This run is in a \(typeName) state and cannot transition to a PENDING state.")
      }
    }

    @Test func unknownRunIsNotFound() async throws {
      try await withBatonServer { baton, _ in
        let id = UUID().uuidString.lowercased()
        await expectRPCError(.notFound, message: "Task run with id \(id) not found") {
          try await baton.propose(.of(.running), to: id)
        }
      }
    }

    @Test func proposalMustHaveAKnownType() async throws {
      try await withBatonServer { baton, _ in
        let run = try await baton.makeTaskRun()
        await expectInvalidArgument([.missing("state")]) {
          try await baton.taskRuns.setTaskRunState(.with { $0.id = run.id })
        }
        await expectInvalidArgument(
          field: "state.type",
          message: "state.type is required; expected one of STATE_TYPE_SCHEDULED, STATE_TYPE_PENDING, "
            + "STATE_TYPE_RUNNING, STATE_TYPE_COMPLETED, STATE_TYPE_FAILED, STATE_TYPE_CANCELLED, "
            + "STATE_TYPE_CRASHED, STATE_TYPE_PAUSED, STATE_TYPE_CANCELLING."
        ) {
          try await baton.propose(Baton_V1_StateCreate(), to: run.id)
        }
        await expectInvalidArgument([.notAUUID("id")]) {
          try await baton.propose(.of(.running), to: "run-1")
        }
      }
    }
  }
}
