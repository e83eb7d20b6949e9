import Foundation
import Testing

@testable import BatonCore

@Suite struct PreventRunningTasksFromStoppedFlowsTests {
    let harness = Harness()
    let steps: [PolicyStep] = [.rule(PreventRunningTasksFromStoppedFlows.self)]

    func runUnder(_ flowRun: FlowRun) -> TaskRun {
        harness.data.flowRuns[flowRun.id] = flowRun
        return makeRun(flowRunID: flowRun.id).inState(makeState(.pending))
    }

    @Test func taskOfARunningFlowMayRun() throws {
        let context = try harness.run(
            steps, on: runUnder(makeFlowRun(state: .running)), proposing: harness.proposal(.running))
        #expect(context.responseDetails == .accept)
    }

    @Test func autonomousTaskMayRun() throws {
        let run = makeRun().inState(makeState(.pending))
        #expect(try harness.run(steps, on: run, proposing: harness.proposal(.running)).responseDetails == .accept)
    }

    @Test func taskWhoseFlowRunVanishedMayRun() throws {
        let run = makeRun(flowRunID: UUID()).inState(makeState(.pending))
        #expect(try harness.run(steps, on: run, proposing: harness.proposal(.running)).responseDetails == .accept)
    }

    @Test func flowWithoutStateAbortsTheTask() throws {
        let context = try harness.run(
            steps, on: runUnder(makeFlowRun(state: nil)), proposing: harness.proposal(.running))
        #expect(
            context.responseDetails == .abort(reason: "The enclosing flow must be running to begin task execution."))
    }

    @Test(arguments: [StateType.scheduled, .pending, .completed, .failed, .cancelled, .crashed, .cancelling])
    func flowThatIsNotRunningAbortsTheTask(flowState: StateType) throws {
        let run = runUnder(makeFlowRun(state: flowState))
        let context = try harness.run(steps, on: run, proposing: harness.proposal(.running))
        #expect(
            context.responseDetails == .abort(reason: "The enclosing flow must be running to begin task execution."))
        #expect(context.validatedState?.type == .pending)
    }

    @Test func pausedFlowParksTheTaskInNotReady() throws {
        var flowRun = makeFlowRun(state: .paused)
        let timeout = referenceDate.addingTimeInterval(3600)
        flowRun.state?.details.pauseTimeout = timeout
        flowRun.state?.details.pauseReschedule = true
        let context = try harness.run(steps, on: runUnder(flowRun), proposing: harness.proposal(.running))
        let written = try #require(context.validatedState)
        #expect(
            context.responseDetails
                == .reject(
                    reason: "The flow is paused, new tasks can execute after resuming flow run: "
                        + "\(flowRun.id.uuidString.lowercased())."))
        #expect(written.type == .paused)
        #expect(written.name == "NotReady")
        #expect(written.details.pauseTimeout == timeout)
        #expect(written.details.pauseReschedule)
        #expect(written.id != flowRun.state?.id)
    }
}
