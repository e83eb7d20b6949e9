/// Counts the RUNNING states written (`run_count`), which drives retries and rerun names.
struct IncrementTaskRunCount: UniversalTransform {
    func beforeTransition(_ context: inout OrchestrationContext) throws {
        guard let proposed = context.proposedState, proposed.type == .running else { return }
        context.run.runCount += 1
    }
}
