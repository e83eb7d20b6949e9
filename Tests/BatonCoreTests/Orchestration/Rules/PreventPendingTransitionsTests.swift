import Foundation
import Testing

@testable import BatonCore

@Suite struct PreventPendingTransitionsTests {
    let harness = Harness()
    let steps: [PolicyStep] = [.rule(PreventPendingTransitions.self)]

    @Test(arguments: [StateType.pending, .running, .cancelling, .cancelled])
    func pendingIsRefusedFromStartedOrCancelledRuns(initial: StateType) throws {
        let context = try harness.run(
            steps, on: makeRun().inState(makeState(initial)), proposing: harness.proposal(.pending))
        #expect(
            context.responseDetails
                == .abort(
                    reason: "This run is in a \(initial.rawValue) state and cannot transition to a PENDING state."))
    }

    @Test(arguments: [StateType.scheduled, .completed, .failed, .crashed, .paused])
    func pendingIsAllowedFromOtherStates(initial: StateType) {
        #expect(!PolicyStep.rule(PreventPendingTransitions.self).applies(to: Transition(from: initial, to: .pending)))
    }

    @Test func pendingToADifferentlyNamedPendingIsAllowedAndKeepsDetails() throws {
        let leaseID = UUID()
        let scheduledAt = referenceDate.addingTimeInterval(-5)
        let initial = makeState(
            .pending, details: StateDetails(scheduledTime: scheduledAt, deploymentConcurrencyLeaseID: leaseID))
        let context = try harness.run(
            steps, on: makeRun().inState(initial), proposing: harness.proposal(.pending, name: "Submitting"))
        #expect(context.responseDetails == .accept)
        #expect(context.validatedState?.details.scheduledTime == scheduledAt)
        #expect(context.validatedState?.details.deploymentConcurrencyLeaseID == leaseID)
    }

    @Test func pendingToTheSameNameIsRefused() throws {
        let run = makeRun().inState(makeState(.pending, name: "Submitting"))
        let context = try harness.run(steps, on: run, proposing: harness.proposal(.pending, name: "Submitting"))
        #expect(context.responseDetails.status == .abort)
    }

    @Test func pendingBackToPlainPendingIsRefused() throws {
        let run = makeRun().inState(makeState(.pending, name: "Submitting"))
        let context = try harness.run(steps, on: run, proposing: harness.proposal(.pending))
        #expect(context.responseDetails.status == .abort)
    }
}
