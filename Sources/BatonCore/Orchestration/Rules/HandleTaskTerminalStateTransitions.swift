/// Guards runs that have finished: they may not become CANCELLING, PAUSED or CRASHED, and a
/// COMPLETED run with a persisted result may not leave it; otherwise leaving for a
/// non-terminal state resets `run_count`, so automatic retries start over.
struct HandleTaskTerminalStateTransitions: OrchestrationRule {
    static let fromStates = terminalOrchestrationStates
    static let toStates = allOrchestrationStates

    private var originalRunCount: Int?

    mutating func beforeTransition(_ scope: inout BeforeTransitionScope) throws {
        guard let initial = scope.initialState, let proposed = scope.proposedState else { return }
        originalRunCount = scope.run.runCount

        if [.cancelling, .paused, .crashed].contains(proposed.type) {
            scope.abort(reason: "Run is already \(initial.type.rawValue).")
            return
        }
        if initial.type == .completed && initial.hasPersistedResult {
            try scope.reject(to: nil, reason: "This run is already completed.")
            return
        }
        if !proposed.type.isTerminal {
            scope.run.runCount = 0
        }
        if proposed.type == .running, let flowRun = try scope.flowRun(),
            scope.run.flowRunRunCount < flowRun.runCount
        {
            // The flow was retried since this task last ran.
            scope.rename(to: WellKnownStateName.retrying)
        }
    }

    func cleanup(_ scope: inout AfterTransitionScope) throws {
        if let originalRunCount {
            scope.run.runCount = originalRunCount
        }
    }
}
