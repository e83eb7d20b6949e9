/// Fixes when the run was expected to start, once: the scheduled time of a first SCHEDULED
/// state, otherwise the first written state's timestamp.
struct SetExpectedStartTime: UniversalTransform {
    func beforeTransition(_ context: inout OrchestrationContext) throws {
        guard let proposed = context.proposedState, context.run.expectedStartTime == nil else { return }
        context.run.expectedStartTime =
            proposed.type == .scheduled ? proposed.details.scheduledTime : proposed.timestamp
    }
}
