/// Hands a background run to task workers when it has been scheduled: after a deferred
/// SCHEDULED state is written, asks the caller to enqueue the run once the transaction has
/// committed — on the retry queue for `AwaitingRetry`, else on the scheduled queue.
struct EnqueueScheduledTasks: OrchestrationRule {
    static let fromStates = allOrchestrationStates
    static let toStates: Set<StateType?> = [.scheduled]

    func afterTransition(_ scope: inout AfterTransitionScope) throws {
        guard let validated = scope.validatedState, validated.details.isDeferred else { return }
        scope.enqueueAfterCommit(on: validated.name == WellKnownStateName.awaitingRetry ? .retry : .scheduled)
    }
}
