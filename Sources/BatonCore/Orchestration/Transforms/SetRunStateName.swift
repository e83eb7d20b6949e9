/// Mirrors the written state's name on the run (`state_name`).
struct SetRunStateName: UniversalTransform {
    func beforeTransition(_ context: inout OrchestrationContext) throws {
        guard let proposed = context.proposedState else { return }
        context.run.stateName = proposed.name
    }
}
