/// Carries the scheduled time from a SCHEDULED state into the PENDING state that follows it,
/// unless the proposal brings its own.
struct CopyScheduledTime: OrchestrationRule {
    static let fromStates: Set<StateType?> = [.scheduled]
    static let toStates: Set<StateType?> = [.pending]

    mutating func beforeTransition(_ scope: inout BeforeTransitionScope) throws {
        guard let initial = scope.initialState, let proposed = scope.proposedState,
            proposed.details.scheduledTime == nil
        else { return }
        scope.editProposedDetails { $0.scheduledTime = initial.details.scheduledTime }
    }
}
