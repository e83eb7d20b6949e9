import Foundation
import Testing

@testable import BatonCore

@Suite struct HandleTaskTerminalStateTransitionsTests {
    let harness = Harness()
    let steps: [PolicyStep] = [.rule(HandleTaskTerminalStateTransitions.self)]

    @Test(arguments: [StateType.completed, .failed, .cancelled, .crashed], [StateType.crashed, .cancelling, .paused])
    func finishedRunCannotCrashPauseOrStartCancelling(initial: StateType, proposed: StateType) throws {
        let run = makeRun().inState(makeState(initial))
        let context = try harness.run(steps, on: run, proposing: harness.proposal(proposed))
        #expect(context.responseDetails == .abort(reason: "Run is already \(initial.rawValue)."))
        #expect(harness.data.insertedStates.isEmpty)
    }

    @Test(arguments: [StateType.running, .completed, .scheduled])
    func completedRunWithPersistedResultCannotLeave(proposed: StateType) throws {
        let run = makeRun().inState(makeState(.completed, data: ["type": "reference", "storage_key": "abc"]))
        let context = try harness.run(steps, on: run, proposing: harness.proposal(proposed))
        #expect(context.responseDetails == .reject(reason: "This run is already completed."))
        #expect(context.validatedState == run.state)
        #expect(harness.data.insertedStates.isEmpty)
    }

    @Test(arguments: [nil, JSONValue.object(["type": "unpersisted"]), .object([:]), .string("a bare result")])
    func completedRunWithoutPersistedResultMayRunAgain(data: JSONValue?) throws {
        let run = makeRun(runCount: 3).inState(makeState(.completed, data: data))
        let context = try harness.run(steps, on: run, proposing: harness.proposal(.running))
        #expect(context.responseDetails == .accept)
        #expect(context.run.runCount == 0)
    }

    @Test func leavingForATerminalStateKeepsTheRunCount() throws {
        let run = makeRun(runCount: 3).inState(makeState(.failed))
        let context = try harness.run(steps, on: run, proposing: harness.proposal(.completed))
        #expect(context.responseDetails == .accept)
        #expect(context.run.runCount == 3)
    }

    @Test func rerunAfterAFlowRetryIsRenamedRetrying() throws {
        let flowRun = makeFlowRun(state: .running, runCount: 2)
        harness.data.flowRuns[flowRun.id] = flowRun
        var run = makeRun(flowRunID: flowRun.id, runCount: 1).inState(makeState(.failed))
        run.flowRunRunCount = 1
        let context = try harness.run(steps, on: run, proposing: harness.proposal(.running, name: "Mine"))
        #expect(context.validatedState?.name == "Retrying")
        #expect(context.run.runCount == 0)
    }

    @Test func rerunWithinTheSameFlowAttemptKeepsItsName() throws {
        let flowRun = makeFlowRun(state: .running, runCount: 1)
        harness.data.flowRuns[flowRun.id] = flowRun
        var run = makeRun(flowRunID: flowRun.id, runCount: 1).inState(makeState(.failed))
        run.flowRunRunCount = 1
        let context = try harness.run(steps, on: run, proposing: harness.proposal(.running, name: "Mine"))
        #expect(context.validatedState?.name == "Mine")
    }

    @Test func cleanupRestoresTheRunCountWhenALaterRuleChangesTheType() throws {
        let run = makeRun(runCount: 2).inState(makeState(.failed))
        let context = try harness.run(
            steps + [.rule(Probe<RejectToCompleted>.self)], on: run, proposing: harness.proposal(.running))
        #expect(context.validatedState?.type == .completed)
        #expect(context.run.runCount == 2)
    }

    @Test(arguments: [StateType.scheduled, .pending, .running, .paused, .cancelling])
    func doesNotApplyToRunsThatHaveNotFinished(initial: StateType) {
        #expect(
            !PolicyStep.rule(HandleTaskTerminalStateTransitions.self).applies(
                to: Transition(from: initial, to: .running)))
    }
}
