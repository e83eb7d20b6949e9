/// Keeps a background task's pointer to its stored call parameters alive from SCHEDULED or
/// PENDING into PENDING or RUNNING, unless the proposal brings its own.
struct CopyTaskParametersID: OrchestrationRule {
    static let fromStates: Set<StateType?> = [.scheduled, .pending]
    static let toStates: Set<StateType?> = [.pending, .running]

    mutating func beforeTransition(_ scope: inout BeforeTransitionScope) throws {
        guard let initial = scope.initialState, let proposed = scope.proposedState,
            proposed.details.taskParametersID == nil
        else { return }
        scope.editProposedDetails { $0.taskParametersID = initial.details.taskParametersID }
    }
}
