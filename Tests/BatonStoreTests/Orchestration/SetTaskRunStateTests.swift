import BatonCore
import Foundation
import Testing

@testable import BatonStore

/// Orchestration through the store: load, decide and persist in one transaction (spec §2.9).
@Suite struct SetTaskRunStateTests {
    @Test func lifecycleUnderCorePolicyKeepsTheBookkeeping() async throws {
        try await StoreHarness.withStore { harness in
            let flowRun = try await harness.flowRun()
            let created = try await harness.taskRun(flowRunID: flowRun.id)
            let startedAt = harness.clock.now.addingTimeInterval(2)
            harness.clock.set(startedAt)
            let running = try await harness.propose(.running, name: "Test State", for: created.id)
            #expect(running.result.status == .accept)
            #expect(running.stateWritten)
            #expect(running.policy == .core)
            #expect(running.result.state?.name == "Test State")
            harness.clock.advance(by: 10)
            let completed = try await harness.propose(.completed, for: created.id)
            #expect(completed.result.status == .accept)

            let run = try #require(try await harness.store.readTaskRun(id: created.id))
            #expect(run.state == completed.result.state)
            #expect(run.stateType == .completed)
            #expect(run.runCount == 1)
            #expect(run.flowRunRunCount == 1)
            #expect(run.startTime == startedAt)
            #expect(run.endTime == harness.clock.now)
            #expect(run.totalRunTime == 10)
            #expect(run.updated == harness.clock.now)
            #expect(run.expectedStartTime == created.expectedStartTime)
            #expect(run.state?.details.flowRunID == flowRun.id)
        }
    }

    @Test func autonomousRunCanRun() async throws {
        try await StoreHarness.withStore { harness in
            let run = try await harness.taskRun()
            let outcome = try await harness.propose(.running, for: run.id)
            #expect(outcome.result.status == .accept)
            #expect(outcome.run.runCount == 1)
            #expect(outcome.run.flowRunID == nil)
        }
    }

    @Test(arguments: [StateType.pending, .running])
    func sameStateTwiceIsAcceptedBothTimes(type: StateType) async throws {
        try await StoreHarness.withStore { harness in
            let run = try await harness.taskRun(flowRunID: try await harness.flowRun().id)
            let first = try await harness.propose(type, for: run.id)
            let second = try await harness.propose(type, for: run.id)
            #expect(first.result.status == .accept && first.stateWritten)
            #expect(second.result.status == .accept && second.stateWritten)
            // Same clock reading: the second state is nudged one microsecond later.
            #expect(second.result.state!.timestamp > first.result.state!.timestamp)
        }
    }

    @Test func failedWithRetriesLeftBecomesAwaitingRetryThenRetrying() async throws {
        try await StoreHarness.withStore { harness in
            let run = try await harness.taskRun(
                flowRunID: try await harness.flowRun().id, policy: TaskRunPolicy(retries: 1, retryDelay: 30))
            try await harness.propose(.running, for: run.id)
            harness.clock.advance(by: 5)
            let failed = try await harness.propose(.failed, for: run.id)
            #expect(failed.result.status == .reject)
            #expect(failed.stateWritten)
            #expect(failed.result.state?.type == .scheduled)
            #expect(failed.result.state?.name == "AwaitingRetry")
            #expect(failed.result.state?.details.scheduledTime == harness.clock.now.addingTimeInterval(30))

            let early = try await harness.propose(.running, for: run.id)
            #expect(early.result.status == .wait)
            #expect(!early.stateWritten)
            #expect(early.result.state == failed.result.state)
            guard case .wait(let delay, _) = early.result.details else { throw Expectation.failed }
            #expect(delay == 30)
            #expect(try await harness.store.readTaskRun(id: run.id)?.stateID == failed.result.state?.id)

            harness.clock.advance(by: 31)
            let retrying = try await harness.propose(.running, for: run.id)
            #expect(retrying.result.status == .accept)
            #expect(retrying.result.state?.name == "Retrying")
            #expect(retrying.run.runCount == 2)
            #expect(retrying.run.nextScheduledStartTime == nil)
        }
    }

    @Test func forceSkipsOrchestration() async throws {
        try await StoreHarness.withStore { harness in
            let run = try await harness.taskRun(policy: TaskRunPolicy(retries: 1))
            try await harness.propose(.running, for: run.id)
            let forced = try await harness.propose(.failed, for: run.id, force: true)
            #expect(forced.result.status == .accept)
            #expect(forced.policy == .minimal)
            #expect(forced.result.state?.type == .failed)
        }
    }

    @Test func cachedCompletedStateIsServedAsCached() async throws {
        try await StoreHarness.withStore { harness in
            let details = StateDetails(cacheKey: "answer", cacheExpiration: harness.clock.now.addingTimeInterval(60))
            let first = try await harness.taskRun()
            try await harness.propose(.running, for: first.id)
            try await harness.propose(.completed, for: first.id, data: ["value": 42], details: details)

            let second = try await harness.taskRun()
            let hit = try await harness.propose(.running, for: second.id, details: StateDetails(cacheKey: "answer"))
            #expect(hit.result.status == .reject)
            #expect(hit.result.state?.type == .completed)
            #expect(hit.result.state?.name == "Cached")
            #expect(hit.result.state?.data == ["value": 42])
            #expect(hit.result.state?.details.taskRunID == second.id)
            #expect(try await harness.store.readTaskRun(id: second.id)?.stateName == "Cached")

            harness.clock.advance(by: 61)
            let third = try await harness.taskRun()
            let expired = try await harness.propose(.running, for: third.id, details: StateDetails(cacheKey: "answer"))
            #expect(expired.result.status == .accept)
            #expect(expired.result.state?.type == .running)
        }
    }

    @Test func deletingTheRunBehindTheNewestEntryInvalidatesTheKey() async throws {
        try await StoreHarness.withStore { harness in
            let older = try await harness.taskRun()
            try await harness.propose(.completed, for: older.id, details: StateDetails(cacheKey: "k"))
            harness.clock.advance(by: 1)
            let newer = try await harness.taskRun()
            try await harness.propose(.completed, for: newer.id, details: StateDetails(cacheKey: "k"))
            #expect(try await harness.store.deleteTaskRun(id: newer.id))

            let next = try await harness.taskRun()
            let outcome = try await harness.propose(.running, for: next.id, details: StateDetails(cacheKey: "k"))
            #expect(outcome.result.status == .accept)
            #expect(outcome.result.state?.type == .running)
        }
    }

    @Test func unpersistedDataIsAnsweredButNotStoredOrServedFromTheCache() async throws {
        try await StoreHarness.withStore { harness in
            let unpersisted: JSONValue = ["type": "unpersisted"]
            let run = try await harness.taskRun()
            try await harness.propose(.running, for: run.id)
            let completed = try await harness.propose(
                .completed, for: run.id, data: unpersisted, details: StateDetails(cacheKey: "k"))
            #expect(completed.result.state?.data == unpersisted)
            #expect(try await harness.store.readTaskRun(id: run.id)?.state?.data == nil)

            let next = try await harness.taskRun()
            let hit = try await harness.propose(.running, for: next.id, details: StateDetails(cacheKey: "k"))
            #expect(hit.result.state?.name == "Cached")
            #expect(hit.result.state?.data == nil)
        }
    }

    @Test func artifactMetadataKeysAreTakenOutOfStateData() async throws {
        try await StoreHarness.withStore { harness in
            let run = try await harness.taskRun()
            let outcome = try await harness.propose(
                .running, for: run.id,
                data: ["value": "x", "artifact_key": "k", "artifact_type": "t", "artifact_description": "d"])
            #expect(outcome.result.state?.data == ["value": "x"])
            #expect(try await harness.store.readTaskRun(id: run.id)?.state?.data == ["value": "x"])
        }
    }

    @Test func stoppedFlowAbortsAndPausedFlowGivesNotReady() async throws {
        try await StoreHarness.withStore { harness in
            let completedFlow = try await harness.flowRun(state: .completed)
            let run = try await harness.taskRun(flowRunID: completedFlow.id)
            let aborted = try await harness.propose(.running, for: run.id)
            #expect(aborted.result.status == .abort)
            #expect(aborted.result.details.reason == "The enclosing flow must be running to begin task execution.")
            #expect(aborted.result.state?.type == .pending)

            let statelessFlow = try await harness.flowRun(state: nil)
            let orphan = try await harness.taskRun(flowRunID: statelessFlow.id)
            #expect(try await harness.propose(.running, for: orphan.id).result.status == .abort)

            let pausedFlow = try await harness.flowRun(state: .paused)
            let waiting = try await harness.taskRun(flowRunID: pausedFlow.id)
            let notReady = try await harness.propose(.running, for: waiting.id)
            #expect(notReady.result.status == .reject)
            #expect(notReady.result.state?.type == .paused)
            #expect(notReady.result.state?.name == "NotReady")
        }
    }

    @Test func missingTaskRunIsNotFound() async throws {
        try await StoreHarness.withStore { harness in
            let id = UUID()
            await #expect(throws: StoreError.notFound("Task run with id \(id.lowercasedString) not found")) {
                try await harness.propose(.running, for: id)
            }
        }
    }

    @Test func deletedFlowRunTakesItsTaskRunsWithIt() async throws {
        try await StoreHarness.withStore { harness in
            let flowRun = try await harness.flowRun()
            let run = try await harness.taskRun(flowRunID: flowRun.id)
            #expect(try await harness.store.deleteFlowRun(id: flowRun.id))
            await #expect(throws: StoreError.self) { try await harness.propose(.running, for: run.id) }
        }
    }

    @Test func deferredRunCannotEnterPendingTwice() async throws {
        try await StoreHarness.withStore { harness in
            let deferred = StateDetails(deferred: true)
            let run = try await harness.store.createTaskRun(
                TaskRunCreate(taskKey: "k", dynamicKey: "0", state: StateCreate(type: .scheduled, details: deferred))
            ).run
            let pending = try await harness.propose(.pending, for: run.id, details: deferred)
            #expect(pending.result.status == .accept)
            #expect(pending.policy == .background)
            let again = try await harness.propose(.pending, for: run.id, details: deferred)
            #expect(again.result.status == .abort)
            #expect(
                again.result.details.reason
                    == "This run is in a PENDING state and cannot transition to a PENDING state.")
        }
    }

    @Test func overlongCacheKeyIsRejectedButWritten() async throws {
        try await StoreHarness.withStore { harness in
            let run = try await harness.taskRun()
            let outcome = try await harness.propose(
                .completed, for: run.id, details: StateDetails(cacheKey: String(repeating: "k", count: 5000)))
            #expect(outcome.result.status == .reject)
            #expect(outcome.stateWritten)
            #expect(outcome.result.details.reason == "Cache key exceeded maximum allowed length of 2000 characters.")
        }
    }
}

/// Thrown to end a test whose precondition did not hold.
enum Expectation: Error {
    case failed
}
