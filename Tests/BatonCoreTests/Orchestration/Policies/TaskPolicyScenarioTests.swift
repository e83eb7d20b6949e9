import Foundation
import Testing

@testable import BatonCore

/// Whole policies with global bookkeeping, as the store drives them (Prefect's
/// test_core_policy.py, test_task_run_states.py and TestSetTaskRunState).
@Suite struct TaskPolicyScenarioTests {
    let harness = Harness()

    func runUnderFlow(_ flowState: StateType?, tags: [String] = [], policy: TaskRunPolicy = TaskRunPolicy()) -> TaskRun
    {
        let flowRun = makeFlowRun(state: flowState, runCount: 1)
        harness.data.flowRuns[flowRun.id] = flowRun
        return makeRun(flowRunID: flowRun.id, tags: tags, policy: policy)
    }

    /// Creates the run in `type` the way the store's create does (forced), then returns it.
    func created(_ run: TaskRun, in type: StateType = .pending, details: StateDetails = StateDetails()) throws
        -> TaskRun
    {
        let outcome = try harness.setState(of: run, to: harness.proposal(type, details: details), force: true)
        harness.advance(by: 1)
        return outcome.run
    }

    @Test func runningUnderARunningFlowIsAcceptedWithItsName() throws {
        let run = try created(runUnderFlow(.running))
        let outcome = try harness.setState(of: run, to: harness.proposal(.running, name: "Test State"))
        #expect(outcome.result.status == .accept)
        #expect(outcome.result.state?.name == "Test State")
        #expect(outcome.run.runCount == 1)
        #expect(outcome.run.flowRunRunCount == 1)
        #expect(outcome.stateWritten)
        #expect(outcome.policy == .core)
    }

    @Test func flowRunIsReadOncePerOrchestration() throws {
        let run = try created(runUnderFlow(.running)).inState(makeState(.failed, at: harness.data.now))
        harness.advance(by: 1)
        harness.data.flowRunReads = 0
        #expect(try harness.setState(of: run, to: harness.proposal(.running)).result.status == .accept)
        #expect(harness.data.flowRunReads == 1)
    }

    @Test func autonomousRunMayRun() throws {
        let outcome = try harness.setState(of: try created(makeRun()), to: harness.proposal(.running))
        #expect(outcome.result.status == .accept)
        #expect(outcome.run.runCount == 1)
    }

    @Test(arguments: [StateType.pending, .running])
    func sameStateTwiceIsAcceptedBothTimes(type: StateType) throws {
        var run = try created(runUnderFlow(.running))
        for _ in 0..<2 {
            let outcome = try harness.setState(of: run, to: harness.proposal(type))
            #expect(outcome.result.status == .accept)
            #expect(outcome.stateWritten)
            run = outcome.run
            harness.advance(by: 1)
        }
    }

    @Test func failureWithRetriesLeftBecomesAwaitingRetry() throws {
        var run = try created(runUnderFlow(.running, policy: TaskRunPolicy(retries: 1, retryDelay: 30)))
        run = try harness.setState(of: run, to: harness.proposal(.running)).run
        harness.advance(by: 5)
        let outcome = try harness.setState(of: run, to: harness.proposal(.failed))
        #expect(outcome.result.status == .reject)
        #expect(outcome.result.state?.type == .scheduled)
        #expect(outcome.result.state?.name == "AwaitingRetry")
        #expect(outcome.result.state?.details.scheduledTime == harness.data.now.addingTimeInterval(30))
        #expect(outcome.run.stateType == .scheduled)
        #expect(outcome.run.nextScheduledStartTime == harness.data.now.addingTimeInterval(30))
        #expect(outcome.run.totalRunTime == 5)
        #expect(outcome.stateWritten)
    }

    @Test func forceSkipsRetriesAndWritesTheFailure() throws {
        var run = try created(runUnderFlow(.running, policy: TaskRunPolicy(retries: 1)))
        run = try harness.setState(of: run, to: harness.proposal(.running)).run
        let outcome = try harness.setState(of: run, to: harness.proposal(.failed), force: true)
        #expect(outcome.policy == .minimal)
        #expect(outcome.result.status == .accept)
        #expect(outcome.result.state?.type == .failed)
    }

    @Test func forceSkipsFlowChecksButStillKeepsTheBooks() throws {
        let run = try created(runUnderFlow(.paused))
        let outcome = try harness.setState(of: run, to: harness.proposal(.running), force: true)
        #expect(outcome.result.status == .accept)
        #expect(outcome.run.runCount == 1)
        #expect(outcome.run.startTime == harness.data.now)
        #expect(outcome.run.flowRunRunCount == 0)
    }

    @Test func pausedFlowParksTheTaskInNotReady() throws {
        let outcome = try harness.setState(of: try created(runUnderFlow(.paused)), to: harness.proposal(.running))
        #expect(outcome.result.status == .reject)
        #expect(outcome.result.state?.name == "NotReady")
        #expect(outcome.run.stateType == .paused)
        #expect(outcome.run.runCount == 0)
    }

    @Test func stoppedFlowAbortsTheTaskAndItStaysPending() throws {
        let run = try created(runUnderFlow(.completed))
        let outcome = try harness.setState(of: run, to: harness.proposal(.running))
        #expect(outcome.result.details == .abort(reason: "The enclosing flow must be running to begin task execution."))
        #expect(outcome.result.state == run.state)
        #expect(outcome.run == run)
        #expect(!outcome.stateWritten)
    }

    @Test func cacheHitCompletesTheRunWithoutRunningIt() throws {
        let cached = makeState(.completed, at: referenceDate.addingTimeInterval(-60), data: ["v": 1])
        harness.data.states[cached.id] = cached
        harness.data.cacheEntries.append(
            TaskRunStateCacheEntry(cacheKey: "k", cacheExpiration: nil, stateID: cached.id))
        harness.data.tagLimits["db"] = TagConcurrencyLimit(tag: "db", limit: 1, activeSlots: [UUID()])
        let run = try created(runUnderFlow(.running, tags: ["db"]))
        let outcome = try harness.setState(
            of: run, to: harness.proposal(.running, details: StateDetails(cacheKey: "k")))
        #expect(outcome.result.details == .reject(reason: "Retrieved state from cache"))
        #expect(outcome.result.state?.name == "Cached")
        #expect(outcome.result.state?.details.taskRunID == run.id)
        #expect(outcome.run.stateType == .completed)
        #expect(outcome.run.runCount == 0)
        #expect(outcome.run.endTime == outcome.result.state?.timestamp)
        #expect(harness.data.cacheEntries.count == 1)
    }

    @Test func concurrencyLimitAdmitsOneRunAndTheOtherWaitsUntilTheFirstCompletes() throws {
        harness.data.tagLimits["db"] = TagConcurrencyLimit(tag: "db", limit: 1)
        var first = try created(runUnderFlow(.running, tags: ["db"]))
        var second = try created(runUnderFlow(.running, tags: ["db"]))

        first = try harness.setState(of: first, to: harness.proposal(.running)).run
        let waiting = try harness.setState(of: second, to: harness.proposal(.running))
        #expect(
            waiting.result.details
                == .wait(delaySeconds: 10, reason: "Concurrency limit for the db tag has been reached"))
        #expect(waiting.run == second)

        harness.advance(by: 1)
        _ = try harness.setState(of: first, to: harness.proposal(.completed))
        #expect(harness.data.slots("db").isEmpty)
        second = try harness.setState(of: second, to: harness.proposal(.running)).run
        #expect(harness.data.slots("db") == [second.id])
    }

    @Test func cancellingKeepsTheSlotAndCancelledFreesIt() throws {
        harness.data.tagLimits["db"] = TagConcurrencyLimit(tag: "db", limit: 1)
        var run = try created(runUnderFlow(.running, tags: ["db"]))
        run = try harness.setState(of: run, to: harness.proposal(.running)).run
        harness.advance(by: 1)
        run = try harness.setState(of: run, to: harness.proposal(.cancelling)).run
        #expect(harness.data.slots("db") == [run.id])
        harness.advance(by: 1)
        _ = try harness.setState(of: run, to: harness.proposal(.cancelled))
        #expect(harness.data.slots("db").isEmpty)
    }

    @Test func forcedFailureReleasesTheSlotSoAWaitingRunCanStart() throws {
        harness.data.tagLimits["db"] = TagConcurrencyLimit(tag: "db", limit: 1)
        var holder = try created(runUnderFlow(.running, tags: ["db"]))
        let waiter = try created(runUnderFlow(.running, tags: ["db"]))
        holder = try harness.setState(of: holder, to: harness.proposal(.running)).run
        #expect(try harness.setState(of: waiter, to: harness.proposal(.running)).result.status == .wait)
        harness.advance(by: 1)
        _ = try harness.setState(of: holder, to: harness.proposal(.failed), force: true)
        #expect(try harness.setState(of: waiter, to: harness.proposal(.running)).result.status == .accept)
    }

    @Test func limitLoweredToZeroStillLetsTheHolderCompleteAndFree() throws {
        harness.data.tagLimits["db"] = TagConcurrencyLimit(tag: "db", limit: 1)
        var run = try created(runUnderFlow(.running, tags: ["db"]))
        run = try harness.setState(of: run, to: harness.proposal(.running)).run
        harness.data.tagLimits["db"]?.limit = 0
        harness.advance(by: 1)
        #expect(try harness.setState(of: run, to: harness.proposal(.completed)).result.status == .accept)
        #expect(harness.data.slots("db").isEmpty)
    }

    @Test func deferredRunCreatedScheduledIsEnqueuedOnTheScheduledQueue() throws {
        let outcome = try harness.setState(
            of: makeRun(), to: harness.proposal(.scheduled, details: StateDetails(deferred: true)), force: true)
        #expect(outcome.policy == .background)
        #expect(outcome.result.status == .accept)
        #expect(outcome.enqueueAfterCommit == .scheduled)
    }

    @Test(arguments: [StateType.pending, .running, .cancelled, .cancelling])
    func deferredRunAbortsWhenProposedPendingFromAStartedState(first: StateType) throws {
        let run = try created(makeRun(), in: first, details: StateDetails(deferred: true))
        let outcome = try harness.setState(
            of: run, to: harness.proposal(.pending, details: StateDetails(deferred: true)))
        #expect(outcome.policy == .background)
        #expect(
            outcome.result.details
                == .abort(reason: "This run is in a \(first.rawValue) state and cannot transition to a PENDING state."))
        #expect(!outcome.stateWritten)
    }

    @Test func deferredRunCarriesItsParametersIDIntoRunning() throws {
        let parametersID = UUID()
        var run = try created(
            makeRun(), in: .scheduled, details: StateDetails(deferred: true, taskParametersID: parametersID))
        run = try harness.setState(of: run, to: harness.proposal(.pending, details: StateDetails(deferred: true))).run
        let outcome = try harness.setState(
            of: run, to: harness.proposal(.running, details: StateDetails(deferred: true)))
        #expect(outcome.result.status == .accept)
        #expect(outcome.result.state?.details.taskParametersID == parametersID)
    }

    @Test func overlongCacheKeyIsRejectedButWritten() throws {
        var run = try created(runUnderFlow(.running))
        run = try harness.setState(of: run, to: harness.proposal(.running)).run
        harness.advance(by: 1)
        let outcome = try harness.setState(
            of: run,
            to: harness.proposal(.completed, details: StateDetails(cacheKey: String(repeating: "x", count: 5000))))
        #expect(
            outcome.result.details == .reject(reason: "Cache key exceeded maximum allowed length of 2000 characters."))
        #expect(outcome.stateWritten)
        #expect(harness.data.cacheEntries.isEmpty)
    }

    @Test func startingTaskOfADeletedFlowRunIsNotFound() throws {
        let run = try created(runUnderFlow(.running))
        harness.data.flowRuns = [:]
        #expect(throws: OrchestrationError.flowRunNotFound(taskRunID: run.id)) {
            _ = try harness.setState(of: run, to: harness.proposal(.running))
        }
    }

    @Test func manualRerunAfterExhaustedRetriesIsAllowedAndRetriesStartOver() throws {
        var run = try created(runUnderFlow(.running, policy: TaskRunPolicy(retries: 1)))
        run = try harness.setState(of: run, to: harness.proposal(.running)).run
        harness.advance(by: 1)
        run = try harness.setState(of: run, to: harness.proposal(.failed)).run  // → AwaitingRetry
        harness.advance(by: 1)
        run = try harness.setState(of: run, to: harness.proposal(.running)).run
        harness.advance(by: 1)
        run = try harness.setState(of: run, to: harness.proposal(.failed)).run  // exhausted
        #expect(run.stateType == .failed)
        harness.advance(by: 1)
        let rerun = try harness.setState(of: run, to: harness.proposal(.running))
        #expect(rerun.result.status == .accept)
        #expect(rerun.result.state?.name == "Running")
        #expect(rerun.run.runCount == 1)
        #expect(rerun.run.endTime == nil)
    }

    /// The worked example of spec orchestration §C, call by call.
    @Test func lifecycleWithOneRetryKeepsTheBooks() throws {
        var run = runUnderFlow(.running, policy: TaskRunPolicy(retries: 1, retryDelay: 60))
        let createdAt = harness.data.now
        run = try harness.setState(of: run, to: harness.proposal(.pending), force: true).run
        #expect(run.stateType == .pending)
        #expect(run.expectedStartTime == createdAt)
        #expect(run.runCount == 0)

        harness.advance(by: 1)
        let t1 = harness.data.now
        var outcome = try harness.setState(of: run, to: harness.proposal(.running))
        run = outcome.run
        #expect(outcome.result.state?.name == "Running")
        #expect(run.startTime == t1)
        #expect(run.runCount == 1)
        #expect(run.flowRunRunCount == 1)

        harness.advance(by: 10)
        outcome = try harness.setState(of: run, to: harness.proposal(.failed))
        run = outcome.run
        #expect(outcome.result.status == .reject)
        #expect(run.stateType == .scheduled)
        #expect(run.nextScheduledStartTime == harness.data.now.addingTimeInterval(60))
        #expect(run.totalRunTime == 10)

        harness.advance(by: 20)
        outcome = try harness.setState(of: run, to: harness.proposal(.running))
        #expect(outcome.result.details == .wait(delaySeconds: 40, reason: "Scheduled time is in the future"))
        #expect(outcome.run == run)

        harness.advance(by: 40)
        outcome = try harness.setState(of: run, to: harness.proposal(.running))
        run = outcome.run
        #expect(outcome.result.state?.name == "Retrying")
        #expect(run.runCount == 2)
        #expect(run.nextScheduledStartTime == nil)
        #expect(run.startTime == t1)

        harness.advance(by: 5)
        outcome = try harness.setState(of: run, to: harness.proposal(.failed))
        run = outcome.run
        #expect(outcome.result.status == .accept)
        #expect(run.stateType == .failed)
        #expect(run.endTime == harness.data.now)
        #expect(run.totalRunTime == 15)
        #expect(run.expectedStartTime == createdAt)
    }
}
