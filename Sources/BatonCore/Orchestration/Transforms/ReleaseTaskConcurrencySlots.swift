/// Frees the run's tag concurrency slots once a state other than RUNNING or CANCELLING has
/// been written — whichever rule produced it, `force` included. Nothing is freed when nothing
/// was written.
struct ReleaseTaskConcurrencySlots: UniversalTransform {
    func afterTransition(_ context: inout OrchestrationContext, data: any OrchestrationDataSource) throws {
        guard context.proposedState != nil, let validated = context.validatedState,
            validated.type != .running, validated.type != .cancelling, !context.run.tags.isEmpty
        else { return }
        try data.releaseTagConcurrencySlots(tags: context.run.tags, taskRunID: context.run.id)
    }
}
