import Foundation
import Testing

@testable import BatonCore

/// The bookkeeping of spec orchestration §C (Prefect's test_global_policy.py).
@Suite struct GlobalTaskPolicyTests {
    let harness = Harness()

    func bookkeep(_ run: TaskRun, proposing proposal: State) throws -> TaskRun {
        try harness.run(GlobalTaskPolicy.steps, on: run, proposing: proposal).run
    }

    @Test func runMirrorsTheWrittenStatesTypeNameTimestampAndID() throws {
        let proposal = harness.proposal(.running, name: "Custom")
        let run = try bookkeep(
            makeRun().inState(makeState(.pending, at: referenceDate.addingTimeInterval(-1))), proposing: proposal)
        #expect(run.stateType == .running)
        #expect(run.stateName == "Custom")
        #expect(run.stateTimestamp == proposal.timestamp)
        #expect(run.stateID == proposal.id)
    }

    @Test func enteringScheduledSetsNextScheduledStartTimeButNoStartTime() throws {
        let due = referenceDate.addingTimeInterval(600)
        let run = try bookkeep(
            makeRun(), proposing: harness.proposal(.scheduled, details: StateDetails(scheduledTime: due)))
        #expect(run.nextScheduledStartTime == due)
        #expect(run.startTime == nil)
    }

    @Test func leavingScheduledClearsNextScheduledStartTime() throws {
        var run = makeRun().inState(makeState(.scheduled, at: referenceDate.addingTimeInterval(-1)))
        run.nextScheduledStartTime = referenceDate
        #expect(try bookkeep(run, proposing: harness.proposal(.pending)).nextScheduledStartTime == nil)
    }

    @Test(arguments: [StateType.pending, .running, .completed])
    func firstNonScheduledStateSetsExpectedStartTimeToItsTimestamp(type: StateType) throws {
        #expect(try bookkeep(makeRun(), proposing: harness.proposal(type)).expectedStartTime == harness.data.now)
    }

    @Test func firstScheduledStateSetsExpectedStartTimeToItsScheduledTime() throws {
        let due = referenceDate.addingTimeInterval(600)
        let run = try bookkeep(
            makeRun(), proposing: harness.proposal(.scheduled, details: StateDetails(scheduledTime: due)))
        #expect(run.expectedStartTime == due)
    }

    @Test func expectedStartTimeIsNeverChangedOnceSet() throws {
        var run = makeRun().inState(makeState(.pending, at: referenceDate.addingTimeInterval(-1)))
        run.expectedStartTime = referenceDate.addingTimeInterval(-100)
        #expect(
            try bookkeep(run, proposing: harness.proposal(.running)).expectedStartTime
                == referenceDate.addingTimeInterval(-100))
    }

    @Test func startingToRunSetsStartTimeAndCountsTheRun() throws {
        let run = try bookkeep(
            makeRun().inState(makeState(.pending, at: referenceDate.addingTimeInterval(-1))),
            proposing: harness.proposal(.running))
        #expect(run.startTime == harness.data.now)
        #expect(run.runCount == 1)
    }

    @Test func runCountIncrementsOnEveryRunningState() throws {
        let run = makeRun(runCount: 41).inState(makeState(.running, at: referenceDate.addingTimeInterval(-1)))
        #expect(try bookkeep(run, proposing: harness.proposal(.running)).runCount == 42)
    }

    @Test func secondRunningKeepsStartTimeAndAddsTheGapToRunTime() throws {
        var run = makeRun(runCount: 1).inState(makeState(.running, at: referenceDate.addingTimeInterval(-42)))
        run.startTime = referenceDate.addingTimeInterval(-42)
        let after = try bookkeep(run, proposing: harness.proposal(.running))
        #expect(after.startTime == referenceDate.addingTimeInterval(-42))
        #expect(after.totalRunTime == 42)
        #expect(after.runCount == 2)
    }

    @Test func leavingRunningAddsTheTimeSpentRunning() throws {
        let run = makeRun().inState(makeState(.running, at: referenceDate.addingTimeInterval(-42)))
        #expect(try bookkeep(run, proposing: harness.proposal(.completed)).totalRunTime == 42)
    }

    @Test func leavingANonRunningStateAddsNoRunTime() throws {
        let run = makeRun().inState(makeState(.pending, at: referenceDate.addingTimeInterval(-42)))
        #expect(try bookkeep(run, proposing: harness.proposal(.completed)).totalRunTime == 0)
    }

    @Test func finishingSetsEndTimeAndStartTimeForRunsThatNeverStarted() throws {
        let run = try bookkeep(
            makeRun().inState(makeState(.pending, at: referenceDate.addingTimeInterval(-1))),
            proposing: harness.proposal(.failed))
        #expect(run.endTime == harness.data.now)
        #expect(run.startTime == harness.data.now)
    }

    @Test func forcedOutOfATerminalStateClearsEndTime() throws {
        var run = makeRun().inState(makeState(.completed, at: referenceDate.addingTimeInterval(-1)))
        run.endTime = referenceDate.addingTimeInterval(-1)
        #expect(try bookkeep(run, proposing: harness.proposal(.running)).endTime == nil)
    }

    @Test func terminalToTerminalKeepsTheFirstEndTime() throws {
        var run = makeRun().inState(makeState(.completed, at: referenceDate.addingTimeInterval(-1)))
        run.endTime = referenceDate.addingTimeInterval(-1)
        #expect(try bookkeep(run, proposing: harness.proposal(.failed)).endTime == referenceDate.addingTimeInterval(-1))
    }

    @Test func writtenStateDetailsPointAtTheRunWhateverTheClientSent() throws {
        let flowRunID = UUID()
        let run = makeRun(flowRunID: flowRunID)
        let proposal = harness.proposal(.pending, details: StateDetails(flowRunID: UUID(), taskRunID: UUID()))
        let context = try harness.run(GlobalTaskPolicy.steps, on: run, proposing: proposal)
        #expect(context.validatedState?.details.taskRunID == run.id)
        #expect(context.validatedState?.details.flowRunID == flowRunID)
        #expect(harness.data.insertedStates.first?.details.taskRunID == run.id)
    }

    @Test func autonomousRunsGetANullFlowRunIDInDetails() throws {
        let proposal = harness.proposal(.pending, details: StateDetails(flowRunID: UUID()))
        let context = try harness.run(GlobalTaskPolicy.steps, on: makeRun(), proposing: proposal)
        #expect(context.validatedState?.details.flowRunID == nil)
    }

    @Test func nothingChangesWhenNothingIsWritten() throws {
        let run = makeRun().inState(makeState(.running, at: referenceDate.addingTimeInterval(-42)))
        let context = try harness.run(
            [.rule(Probe<AbortAll>.self)] + GlobalTaskPolicy.steps, on: run, proposing: harness.proposal(.completed))
        #expect(context.run == run)
    }

    @Test func proposalStampedAtTheCurrentStatesInstantMovesOneMicrosecondLater() throws {
        let current = makeState(.pending, at: referenceDate)
        let context = try harness.run(
            GlobalTaskPolicy.steps, on: makeRun().inState(current), proposing: harness.proposal(.running))
        let written = try #require(context.validatedState)
        #expect(abs(written.timestamp.timeIntervalSince(current.timestamp) - 0.000_001) < 1e-7)
        #expect(context.run.stateTimestamp == written.timestamp)
        #expect(context.run.startTime == written.timestamp)
    }

    @Test func proposalStampedAfterTheCurrentStateKeepsItsTimestamp() throws {
        let current = makeState(.pending, at: referenceDate.addingTimeInterval(-1))
        let context = try harness.run(
            GlobalTaskPolicy.steps, on: makeRun().inState(current), proposing: harness.proposal(.running))
        #expect(context.validatedState?.timestamp == harness.data.now)
    }
}
