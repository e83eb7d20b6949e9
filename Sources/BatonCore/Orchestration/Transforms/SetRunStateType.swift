/// Mirrors the written state's type on the run (`state_type`).
struct SetRunStateType: UniversalTransform {
    func beforeTransition(_ context: inout OrchestrationContext) throws {
        guard let proposed = context.proposedState else { return }
        context.run.stateType = proposed.type
    }
}
