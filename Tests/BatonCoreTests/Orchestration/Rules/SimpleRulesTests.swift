import Foundation
import Testing

@testable import BatonCore

@Suite struct CopyScheduledTimeTests {
    let harness = Harness()
    let scheduledAt = referenceDate.addingTimeInterval(-30)

    @Test func scheduledTimeIsCopiedIntoPending() throws {
        let run = makeRun().inState(makeState(.scheduled, details: StateDetails(scheduledTime: scheduledAt)))
        let context = try harness.run([.rule(CopyScheduledTime.self)], on: run, proposing: harness.proposal(.pending))
        #expect(context.validatedState?.details.scheduledTime == scheduledAt)
    }

    @Test func proposedScheduledTimeWins() throws {
        let own = referenceDate.addingTimeInterval(99)
        let run = makeRun().inState(makeState(.scheduled, details: StateDetails(scheduledTime: scheduledAt)))
        let context = try harness.run(
            [.rule(CopyScheduledTime.self)], on: run,
            proposing: harness.proposal(.pending, details: StateDetails(scheduledTime: own)))
        #expect(context.validatedState?.details.scheduledTime == own)
    }

    @Test(arguments: [StateType.running, .completed, .failed])
    func appliesOnlyFromScheduledToPending(proposed: StateType) {
        #expect(!PolicyStep.rule(CopyScheduledTime.self).applies(to: Transition(from: .scheduled, to: proposed)))
    }
}

@Suite struct CopyTaskParametersIDTests {
    let harness = Harness()
    let parametersID = UUID()

    @Test(arguments: [StateType.scheduled, .pending], [StateType.pending, .running])
    func parametersIDIsCarriedForward(initial: StateType, proposed: StateType) throws {
        let run = makeRun().inState(makeState(initial, details: StateDetails(taskParametersID: parametersID)))
        let context = try harness.run(
            [.rule(CopyTaskParametersID.self)], on: run, proposing: harness.proposal(proposed))
        #expect(context.validatedState?.details.taskParametersID == parametersID)
    }

    @Test func proposedParametersIDWins() throws {
        let own = UUID()
        let run = makeRun().inState(makeState(.pending, details: StateDetails(taskParametersID: parametersID)))
        let context = try harness.run(
            [.rule(CopyTaskParametersID.self)], on: run,
            proposing: harness.proposal(.running, details: StateDetails(taskParametersID: own)))
        #expect(context.validatedState?.details.taskParametersID == own)
    }

    @Test(arguments: [StateType.completed, .failed, .cancelled, .crashed])
    func doesNotApplyToFinishingStates(proposed: StateType) {
        #expect(!PolicyStep.rule(CopyTaskParametersID.self).applies(to: Transition(from: .pending, to: proposed)))
    }
}

@Suite struct WaitForScheduledTimeTests {
    let harness = Harness()

    func context(initial: StateType, scheduledIn seconds: TimeInterval?) throws -> OrchestrationContext {
        let details = StateDetails(scheduledTime: seconds.map { referenceDate.addingTimeInterval($0) })
        let run = makeRun().inState(makeState(initial, at: referenceDate.addingTimeInterval(-900), details: details))
        return try harness.run([.rule(WaitForScheduledTime.self)], on: run, proposing: harness.proposal(.running))
    }

    @Test(arguments: [StateType.scheduled, .pending])
    func runDueInThePastStarts(initial: StateType) throws {
        #expect(try context(initial: initial, scheduledIn: -60).responseDetails == .accept)
    }

    @Test(arguments: [StateType.scheduled, .pending])
    func runDueInFiveMinutesWaitsFiveMinutes(initial: StateType) throws {
        let context = try context(initial: initial, scheduledIn: 300)
        #expect(context.responseDetails == .wait(delaySeconds: 300, reason: "Scheduled time is in the future"))
        #expect(context.proposedState == nil)
    }

    @Test func runWithoutScheduledTimeStarts() throws {
        #expect(try context(initial: .pending, scheduledIn: nil).responseDetails == .accept)
    }

    @Test func runDueWithinHalfASecondStartsEarly() throws {
        #expect(try context(initial: .scheduled, scheduledIn: 0.5).responseDetails == .accept)
    }

    @Test(arguments: [(0.5, 0), (0.500001, 1), (1.5, 1), (1.6, 2), (-0.3, 0), (-1.7, -2), (299.9999, 300)])
    func delayRoundsLikePrefect(delta: Double, expected: Int) {
        #expect(WaitForScheduledTime.wholeSeconds(delta) == expected)
    }

    @Test(arguments: [StateType.completed, .failed, .cancelled, .crashed])
    func doesNotApplyToOtherProposals(proposed: StateType) {
        #expect(!PolicyStep.rule(WaitForScheduledTime.self).applies(to: Transition(from: .scheduled, to: proposed)))
    }
}

@Suite struct RenameRerunsTests {
    let harness = Harness()

    @Test func rerunIsRenamedRerunningOverTheClientName() throws {
        let run = makeRun(runCount: 1).inState(makeState(.running))
        let context = try harness.run(
            [.rule(RenameReruns.self)], on: run, proposing: harness.proposal(.running, name: "Mine"))
        #expect(context.validatedState?.name == "Rerunning")
    }

    @Test func retryAfterAwaitingRetryIsRenamedRetrying() throws {
        let run = makeRun(runCount: 1).inState(makeState(.scheduled, name: "AwaitingRetry"))
        let context = try harness.run([.rule(RenameReruns.self)], on: run, proposing: harness.proposal(.running))
        #expect(context.validatedState?.name == "Retrying")
    }

    @Test func firstRunKeepsItsName() throws {
        let run = makeRun(runCount: 0).inState(makeState(.pending))
        let context = try harness.run([.rule(RenameReruns.self)], on: run, proposing: harness.proposal(.running))
        #expect(context.validatedState?.name == "Running")
    }
}

@Suite struct UpdateFlowRunTrackerOnTasksTests {
    let harness = Harness()

    @Test(arguments: [nil, StateType.scheduled, .pending, .running, .completed, .failed, .paused])
    func startingTaskRecordsItsFlowAttempt(initial: StateType?) throws {
        let flowRun = makeFlowRun(state: .running, runCount: 5)
        harness.data.flowRuns[flowRun.id] = flowRun
        var run = makeRun(flowRunID: flowRun.id)
        if let initial { run = run.inState(makeState(initial)) }
        let context = try harness.run(
            [.rule(UpdateFlowRunTrackerOnTasks.self)], on: run, proposing: harness.proposal(.running))
        #expect(context.run.flowRunRunCount == 5)
    }

    @Test func vanishedFlowRunIsNotFound() throws {
        let run = makeRun(flowRunID: UUID()).inState(makeState(.pending))
        #expect(throws: OrchestrationError.flowRunNotFound(taskRunID: run.id)) {
            _ = try harness.run(
                [.rule(UpdateFlowRunTrackerOnTasks.self)], on: run, proposing: harness.proposal(.running))
        }
        #expect(
            OrchestrationError.flowRunNotFound(taskRunID: run.id).description
                == "Unable to read flow run associated with task run: \(run.id.uuidString.lowercased()), "
                + "this flow run might have been deleted")
    }

    @Test func trackerIsUntouchedWhenTheTransitionChanged() throws {
        let flowRun = makeFlowRun(state: .running, runCount: 5)
        harness.data.flowRuns[flowRun.id] = flowRun
        let run = makeRun(flowRunID: flowRun.id).inState(makeState(.pending))
        let context = try harness.run(
            [.rule(UpdateFlowRunTrackerOnTasks.self), .rule(Probe<RejectToCompleted>.self)], on: run,
            proposing: harness.proposal(.running))
        #expect(context.run.flowRunRunCount == 0)
    }
}

@Suite struct EnqueueScheduledTasksTests {
    let harness = Harness()
    let steps: [PolicyStep] = [.rule(EnqueueScheduledTasks.self)]

    @Test func deferredScheduledRunGoesToTheScheduledQueue() throws {
        let context = try harness.run(
            steps, on: makeRun(), proposing: harness.proposal(.scheduled, details: StateDetails(deferred: true)))
        #expect(context.enqueueAfterCommit == .scheduled)
    }

    @Test func deferredAwaitingRetryGoesToTheRetryQueue() throws {
        let context = try harness.run(
            steps, on: makeRun().inState(makeState(.failed)),
            proposing: harness.proposal(.scheduled, name: "AwaitingRetry", details: StateDetails(deferred: true)))
        #expect(context.enqueueAfterCommit == .retry)
    }

    @Test func ordinaryScheduledRunIsNotEnqueued() throws {
        let context = try harness.run(steps, on: makeRun(), proposing: harness.proposal(.scheduled))
        #expect(context.enqueueAfterCommit == nil)
    }

    @Test func nothingIsEnqueuedWhenNothingWasWritten() throws {
        let context = try harness.run(
            [.rule(Probe<AbortAll>.self)] + steps, on: makeRun().inState(makeState(.pending)),
            proposing: harness.proposal(.scheduled, details: StateDetails(deferred: true)))
        #expect(context.enqueueAfterCommit == nil)
    }
}
