import Foundation
import Testing

@testable import BatonCore

/// The rule framework of spec orchestration §A (Prefect's test_rules.py).
@Suite struct OrchestrationEngineTests {
    let harness = Harness()
    var pendingRun: TaskRun { makeRun().inState(makeState(.pending)) }

    @Test func validRuleFiresBeforeThenAfter() throws {
        _ = try harness.run([.rule(Probe<First>.self)], on: pendingRun, proposing: harness.proposal(.running))
        #expect(harness.data.log == ["first.before", "first.after"])
    }

    @Test func ruleOutsideItsFromStatesFiresNothing() throws {
        _ = try harness.run(
            [.rule(Probe<OnlyFromScheduled>.self)], on: pendingRun, proposing: harness.proposal(.running))
        #expect(harness.data.log.isEmpty)
    }

    @Test func ruleOutsideItsToStatesFiresNothing() throws {
        _ = try harness.run(
            [.rule(Probe<OnlyIntoRunning>.self)], on: pendingRun, proposing: harness.proposal(.completed))
        #expect(harness.data.log.isEmpty)
    }

    @Test func nestedValidRulesEnterInOrderAndExitInReverse() throws {
        _ = try harness.run(
            [.rule(Probe<First>.self), .rule(Probe<Second>.self), .rule(Probe<Third>.self)], on: pendingRun,
            proposing: harness.proposal(.running))
        #expect(
            harness.data.log == [
                "first.before", "second.before", "third.before", "third.after", "second.after", "first.after",
            ])
    }

    @Test func ruleFizzlesAndCleansUpWhenALaterRuleChangesTheProposedType() throws {
        _ = try harness.run(
            [.rule(Probe<First>.self), .rule(Probe<RejectToCompleted>.self)], on: pendingRun,
            proposing: harness.proposal(.running))
        #expect(
            harness.data.log == [
                "first.before", "rejectToCompleted.before", "rejectToCompleted.after", "first.cleanup",
            ])
    }

    @Test(arguments: ["rejectToCompleted", "delay", "abort", "rejectToNothing"])
    func ruleThatChangesTheOutcomeDoesNotFizzleItself(name: String) throws {
        let step: PolicyStep =
            switch name {
            case "rejectToCompleted": .rule(Probe<RejectToCompleted>.self)
            case "delay": .rule(Probe<DelayFortyTwo>.self)
            case "abort": .rule(Probe<AbortAll>.self)
            default: .rule(Probe<RejectToNothing>.self)
            }
        _ = try harness.run([step], on: pendingRun, proposing: harness.proposal(.running))
        #expect(harness.data.log == ["\(name).before", "\(name).after"])
    }

    @Test func sameTypeRejectionNeitherInvalidatesNorFizzles() throws {
        let context = try harness.run(
            [.rule(Probe<First>.self), .rule(Probe<RejectToSameType>.self), .rule(Probe<Second>.self)],
            on: pendingRun, proposing: harness.proposal(.running))
        #expect(
            harness.data.log == [
                "first.before", "rejectToSameType.before", "second.before", "second.after", "rejectToSameType.after",
                "first.after",
            ])
        #expect(context.responseDetails == .reject(reason: "same type"))
        #expect(harness.data.insertedStates.map(\.message) == ["edited"])
    }

    @Test func complexNestingCleansUpEarlierRulesAndSkipsLaterOnes() throws {
        _ = try harness.run(
            [.rule(Probe<First>.self), .rule(Probe<RejectToCompleted>.self), .rule(Probe<OnlyIntoRunning>.self)],
            on: pendingRun, proposing: harness.proposal(.running))
        #expect(
            harness.data.log == [
                "first.before", "rejectToCompleted.before", "rejectToCompleted.after", "first.cleanup",
            ])
    }

    @Test func parametersReachLaterRules() throws {
        _ = try harness.run(
            [.rule(Probe<WriteGreeting>.self), .rule(Probe<ReadGreeting>.self)], on: pendingRun,
            proposing: harness.proposal(.running))
        #expect(harness.data.log.contains("reader saw hello"))
    }

    @Test func callerParametersSeedTheContext() throws {
        _ = try harness.run(
            [.rule(Probe<ReadGreeting>.self)], on: pendingRun, proposing: harness.proposal(.running),
            parameters: ["greeting": "from the caller"])
        #expect(harness.data.log.contains("reader saw from the caller"))
    }

    @Test func errorInBeforeHookAbortsCleansUpEnteredRulesAndIsRethrown() throws {
        var context = OrchestrationContext(run: pendingRun, proposedState: harness.proposal(.running))
        let engine = OrchestrationEngine(data: harness.data, settings: OrchestrationSettings())
        #expect(throws: ProbeFailure.self) {
            try engine.orchestrate(
                &context,
                through: [
                    .rule(Probe<First>.self), .rule(Probe<Throwing>.self), .rule(Probe<Second>.self),
                    .transform(ProbeTransform.self),
                ])
        }
        #expect(harness.data.log == ["first.before", "throwing.before", "throwing.cleanup", "first.cleanup"])
        #expect(context.proposedState == nil)
        #expect(context.responseDetails.status == .abort)
        #expect(
            context.responseDetails.reason?.hasPrefix("Aborting orchestration due to error in Probe<Throwing>: !")
                == true)
        #expect(harness.data.insertedStates.isEmpty)
    }

    @Test func universalTransformWrapsTheCommitOnEveryTransition() throws {
        let context = try harness.run(
            [.transform(ProbeTransform.self), .rule(Probe<RejectToCompleted>.self)], on: pendingRun,
            proposing: harness.proposal(.running))
        #expect(context.parameters["transform.before"] == "proposed")
        #expect(harness.data.log == ["rejectToCompleted.before", "rejectToCompleted.after", "transform.after"])
    }

    @Test func universalTransformStillFiresOnNullifiedTransitions() throws {
        let context = try harness.run(
            [.rule(Probe<AbortAll>.self), .transform(ProbeTransform.self)], on: pendingRun,
            proposing: harness.proposal(.running))
        #expect(context.parameters["transform.before"] == "nullified")
        #expect(harness.data.log.contains("transform.after(nullified)"))
    }

    @Test func universalTransformSkipsAfterHookWhenARuleThrew() {
        #expect(throws: ProbeFailure.self) {
            _ = try harness.run(
                [.rule(Probe<Throwing>.self), .transform(ProbeTransform.self)], on: pendingRun,
                proposing: harness.proposal(.running))
        }
        #expect(!harness.data.log.contains { $0.hasPrefix("transform.after") })
    }

    @Test func rejectingWithAStateWritesThatState() throws {
        let context = try harness.run(
            [.rule(Probe<RejectToCompleted>.self)], on: pendingRun, proposing: harness.proposal(.running))
        #expect(harness.data.insertedStates.map(\.name) == ["Replacement"])
        #expect(context.validatedState?.name == "Replacement")
        #expect(context.responseDetails == .reject(reason: "replaced"))
    }

    @Test func waitWritesNothingAndCarriesTheDelay() throws {
        let run = pendingRun
        let context = try harness.run(
            [.rule(Probe<DelayFortyTwo>.self)], on: run, proposing: harness.proposal(.running))
        #expect(context.proposedState == nil)
        #expect(context.responseDetails == .wait(delaySeconds: 42, reason: "later"))
        #expect(context.validatedState == run.state)
        #expect(harness.data.insertedStates.isEmpty)
    }

    @Test func abortWritesNothingAndReturnsTheCurrentState() throws {
        let run = pendingRun
        let context = try harness.run([.rule(Probe<AbortAll>.self)], on: run, proposing: harness.proposal(.running))
        #expect(context.proposedState == nil)
        #expect(context.responseDetails == .abort(reason: "stop"))
        #expect(context.validatedState == run.state)
        #expect(context.run == run)
    }

    @Test func acceptWritesTheProposalAndPointsTheRunAtIt() throws {
        let proposal = harness.proposal(.running)
        let context = try harness.run([], on: pendingRun, proposing: proposal)
        #expect(context.responseDetails == .accept)
        #expect(context.validatedState == proposal)
        #expect(context.run.stateID == proposal.id)
        #expect(context.run.state == proposal)
        #expect(harness.data.insertedStates == [proposal])
    }

    @Test func renameKeepsTypeAndValidity() throws {
        let context = try harness.run(
            [.rule(Probe<RenameToSpecial>.self), .rule(Probe<First>.self)], on: pendingRun,
            proposing: harness.proposal(.running))
        #expect(context.validatedState?.name == "Special")
        #expect(context.validatedState?.type == .running)
        #expect(harness.data.log.contains("first.after"))
    }

    @Test func rejectingToNothingFizzlesEarlierRulesInvalidatesLaterOnesAndKeepsTheCurrentState() throws {
        let run = pendingRun
        let context = try harness.run(
            [.rule(Probe<First>.self), .rule(Probe<RejectToNothing>.self), .rule(Probe<Second>.self)], on: run,
            proposing: harness.proposal(.running))
        #expect(
            harness.data.log == ["first.before", "rejectToNothing.before", "rejectToNothing.after", "first.cleanup"])
        #expect(context.validatedState == run.state)
        #expect(context.responseDetails == .reject(reason: "no thanks"))
        #expect(harness.data.insertedStates.isEmpty)
    }

    @Test func rejectingToNothingWhenTheRunHasNoStateIsAnError() {
        #expect(throws: OrchestrationError.rejectedWithoutCurrentState) {
            _ = try harness.run(
                [.rule(Probe<RejectToNothing>.self)], on: makeRun(), proposing: harness.proposal(.running))
        }
        #expect(harness.data.insertedStates.isEmpty)
    }

    @Test func commitFailureAbortsWritesNothingAndCleansUp() throws {
        struct DiskFull: Error {}
        harness.data.insertStateError = DiskFull()
        let run = pendingRun
        let context = try harness.run(
            [.rule(Probe<First>.self)] + GlobalTaskPolicy.steps, on: run, proposing: harness.proposal(.running))
        #expect(context.responseDetails.status == .abort)
        #expect(context.responseDetails.reason?.hasPrefix("Error validating state: ") == true)
        #expect(context.validatedState == nil)
        #expect(context.run == run)
        #expect(harness.data.log == ["first.before", "first.cleanup"])
    }

    @Test func retryableCommitFailurePropagates() {
        struct Busy: RetryableStorageError {}
        harness.data.insertStateError = Busy()
        #expect(throws: Busy.self) {
            _ = try harness.run([], on: pendingRun, proposing: harness.proposal(.running))
        }
    }

    @Test func detailEditsLandOnTheWrittenState() throws {
        let run = makeRun().inState(makeState(.scheduled, details: StateDetails(scheduledTime: referenceDate)))
        let context = try harness.run([.rule(CopyScheduledTime.self)], on: run, proposing: harness.proposal(.pending))
        #expect(context.validatedState?.details.scheduledTime == referenceDate)
    }
}
