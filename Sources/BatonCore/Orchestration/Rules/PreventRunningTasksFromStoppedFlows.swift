/// Lets a task run start only while its flow run is RUNNING: a paused flow gets the task
/// parked in PAUSED `NotReady`; a flow in any other state (or none) aborts the task.
///
/// Runs without a flow run, or whose flow run no longer exists, pass.
struct PreventRunningTasksFromStoppedFlows: OrchestrationRule {
    static let fromStates = allOrchestrationStates
    static let toStates: Set<StateType?> = [.running]

    static let flowNotRunningReason = "The enclosing flow must be running to begin task execution."

    mutating func beforeTransition(_ scope: inout BeforeTransitionScope) throws {
        guard let flowRun = try scope.flowRun() else { return }
        guard let flowState = flowRun.state else {
            scope.abort(reason: Self.flowNotRunningReason)
            return
        }
        switch flowState.type {
        case .running:
            return
        case .paused:
            // A new state with its own id; only the pause settings come from the flow's state.
            let notReady = State(
                id: .timeOrdered(at: scope.now), type: .paused, name: WellKnownStateName.notReady,
                timestamp: scope.now,
                details: StateDetails(
                    pauseTimeout: flowState.details.pauseTimeout,
                    pauseReschedule: flowState.details.pauseReschedule))
            try scope.reject(
                to: notReady,
                reason: "The flow is paused, new tasks can execute after resuming flow run: "
                    + "\(flowRun.id.uuidString.lowercased()).")
        default:
            scope.abort(reason: Self.flowNotRunningReason)
        }
    }
}
