import Foundation
import Testing

@testable import BatonCore

@Suite struct TaskPolicySelectionTests {
    let proposal = makeState(.running)
    let deferred = makeState(.scheduled, details: StateDetails(deferred: true))

    @Test func ordinaryProposalGetsCore() {
        #expect(TaskPolicy.select(for: proposal, force: false) == .core)
    }

    @Test func forcedProposalGetsMinimal() {
        #expect(TaskPolicy.select(for: proposal, force: true) == .minimal)
    }

    @Test(arguments: [false, true])
    func deferredProposalGetsBackgroundEvenWhenForced(force: Bool) {
        #expect(TaskPolicy.select(for: deferred, force: force) == .background)
    }

    @Test func explicitlyNullDeferredIsNotDeferred() {
        #expect(
            TaskPolicy.select(for: makeState(.running, details: StateDetails(deferred: nil)), force: false) == .core)
    }
}

@Suite struct PolicyCompositionTests {
    func names(_ steps: [PolicyStep], for transition: Transition? = nil) -> [String] {
        steps.filter { transition.map($0.applies(to:)) ?? true }.map { step in
            switch step {
            case .rule(let rule): "\(rule)"
            case .transform(let transform): "\(transform)"
            }
        }
    }

    @Test func corePolicyListsItsRulesInPriorityOrder() {
        #expect(
            names(CoreTaskPolicy.steps) == [
                "CacheRetrieval", "HandleTaskTerminalStateTransitions", "PreventRunningTasksFromStoppedFlows",
                "SecureTaskConcurrencySlots", "CopyScheduledTime", "WaitForScheduledTime", "RetryFailedTasks",
                "RenameReruns", "UpdateFlowRunTrackerOnTasks", "CacheInsertion", "ReleaseTaskConcurrencySlots",
            ])
    }

    @Test func backgroundPolicyListsItsRulesInPriorityOrder() {
        #expect(
            names(BackgroundTaskPolicy.steps) == [
                "PreventPendingTransitions", "CacheRetrieval", "HandleTaskTerminalStateTransitions",
                "CopyScheduledTime", "CopyTaskParametersID", "WaitForScheduledTime", "RetryFailedTasks",
                "RenameReruns", "UpdateFlowRunTrackerOnTasks", "CacheInsertion", "ReleaseTaskConcurrencySlots",
                "EnqueueScheduledTasks",
            ])
    }

    @Test func minimalPolicyOnlyReleasesSlots() {
        #expect(names(MinimalTaskPolicy.steps) == ["ReleaseTaskConcurrencySlots"])
    }

    @Test func globalPolicyListsItsTransformsInOrder() {
        #expect(
            names(GlobalTaskPolicy.steps) == [
                "AdvanceTimestampPastCurrentState", "SetRunStateType", "SetRunStateName", "SetRunStateTimestamp",
                "SetStartTime", "SetEndTime", "IncrementRunTime", "SetExpectedStartTime", "SetNextScheduledStartTime",
                "UpdateStateDetails", "IncrementTaskRunCount",
            ])
    }

    @Test func onlyRelevantRulesTakePart() {
        #expect(
            names(CoreTaskPolicy.steps, for: Transition(from: .running, to: .failed)) == [
                "RetryFailedTasks", "ReleaseTaskConcurrencySlots",
            ])
        #expect(
            names(CoreTaskPolicy.steps, for: Transition(from: .scheduled, to: .pending)) == [
                "CopyScheduledTime", "ReleaseTaskConcurrencySlots",
            ])
        #expect(
            names(CoreTaskPolicy.steps, for: Transition(from: .pending, to: .running)) == [
                "CacheRetrieval", "PreventRunningTasksFromStoppedFlows", "SecureTaskConcurrencySlots",
                "WaitForScheduledTime", "RenameReruns", "UpdateFlowRunTrackerOnTasks", "ReleaseTaskConcurrencySlots",
            ])
        #expect(
            names(CoreTaskPolicy.steps, for: Transition(from: .completed, to: .completed)) == [
                "HandleTaskTerminalStateTransitions", "CacheInsertion", "ReleaseTaskConcurrencySlots",
            ])
    }
}
