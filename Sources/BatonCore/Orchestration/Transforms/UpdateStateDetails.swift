/// Points the written state at its run: `task_run_id` and `flow_run_id` in its details are
/// overwritten with the run's, whatever the client sent.
struct UpdateStateDetails: UniversalTransform {
    func beforeTransition(_ context: inout OrchestrationContext) throws {
        guard context.proposedState != nil else { return }
        context.proposedState?.details.flowRunID = context.run.flowRunID
        context.proposedState?.details.taskRunID = context.run.id
    }
}
