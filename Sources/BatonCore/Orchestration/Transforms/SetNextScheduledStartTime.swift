/// Tracks when a scheduled run is due (`next_scheduled_start_time`): cleared when leaving
/// SCHEDULED, set to the scheduled time when entering it.
struct SetNextScheduledStartTime: UniversalTransform {
    func beforeTransition(_ context: inout OrchestrationContext) throws {
        guard let proposed = context.proposedState else { return }
        if context.initialState?.type == .scheduled {
            context.run.nextScheduledStartTime = nil
        }
        if proposed.type == .scheduled {
            context.run.nextScheduledStartTime = proposed.details.scheduledTime
        }
    }
}
