/// Records when the run finished (`end_time`): set on the first entry into a terminal state
/// (with `start_time` too if the run never started), cleared when it is forced out of one.
struct SetEndTime: UniversalTransform {
    func beforeTransition(_ context: inout OrchestrationContext) throws {
        guard let proposed = context.proposedState else { return }
        if context.initialState?.type.isTerminal == true && !proposed.type.isTerminal {
            context.run.endTime = nil
        }
        if proposed.type.isTerminal && context.run.endTime == nil {
            if context.run.startTime == nil {
                context.run.startTime = proposed.timestamp
            }
            context.run.endTime = proposed.timestamp
        }
    }
}
