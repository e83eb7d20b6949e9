/// Records when the run first entered RUNNING (`start_time`).
struct SetStartTime: UniversalTransform {
    func beforeTransition(_ context: inout OrchestrationContext) throws {
        guard let proposed = context.proposedState, proposed.type == .running, context.run.startTime == nil
        else { return }
        context.run.startTime = proposed.timestamp
    }
}
