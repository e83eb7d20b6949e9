/// Stops a background run from being started twice: PENDING is refused from PENDING,
/// RUNNING, CANCELLING and CANCELLED, except a PENDING → PENDING that moves to a differently
/// named sub-state other than `Pending`.
struct PreventPendingTransitions: OrchestrationRule {
    static let fromStates: Set<StateType?> = [.pending, .cancelling, .running, .cancelled]
    static let toStates: Set<StateType?> = [.pending]

    mutating func beforeTransition(_ scope: inout BeforeTransitionScope) throws {
        guard let initial = scope.initialState, let proposed = scope.proposedState else { return }
        if initial.type == .pending && proposed.type == .pending && initial.name != proposed.name
            && proposed.name != StateType.pending.defaultName
        {
            scope.editProposedDetails {
                $0.scheduledTime = initial.details.scheduledTime
                $0.deploymentConcurrencyLeaseID = initial.details.deploymentConcurrencyLeaseID
            }
            return
        }
        scope.abort(reason: "This run is in a \(initial.type.rawValue) state and cannot transition to a PENDING state.")
    }
}
