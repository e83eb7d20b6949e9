/// Names a RUNNING state after the run's history: `Retrying` after `AwaitingRetry`,
/// otherwise `Rerunning` once the run has run before (client names are overwritten then).
struct RenameReruns: OrchestrationRule {
    static let fromStates = allOrchestrationStates
    static let toStates: Set<StateType?> = [.running]

    mutating func beforeTransition(_ scope: inout BeforeTransitionScope) throws {
        guard let initial = scope.initialState, scope.proposedState != nil, scope.run.runCount > 0 else { return }
        let isRetry = initial.name == WellKnownStateName.awaitingRetry
        scope.rename(to: isRetry ? WellKnownStateName.retrying : WellKnownStateName.rerunning)
    }
}
