/// Mirrors the written state's timestamp on the run (`state_timestamp`).
struct SetRunStateTimestamp: UniversalTransform {
    func beforeTransition(_ context: inout OrchestrationContext) throws {
        guard let proposed = context.proposedState else { return }
        context.run.stateTimestamp = proposed.timestamp
    }
}
