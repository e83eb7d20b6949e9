/// Adds the time spent in a RUNNING state to `total_run_time` when the run leaves it
/// (RUNNING → RUNNING included).
struct IncrementRunTime: UniversalTransform {
    func beforeTransition(_ context: inout OrchestrationContext) throws {
        guard let proposed = context.proposedState, let initial = context.initialState, initial.type == .running
        else { return }
        context.run.totalRunTime += proposed.timestamp.timeIntervalSince(initial.timestamp)
    }
}
