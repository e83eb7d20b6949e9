/// The rules a deferred (background) task-run state change goes through, in priority order:
/// no flow checks and no tag concurrency, but a guard against double starts and the
/// hand-off to task workers.
enum BackgroundTaskPolicy {
    static let steps: [PolicyStep] = [
        .rule(PreventPendingTransitions.self),
        .rule(CacheRetrieval.self),
        .rule(HandleTaskTerminalStateTransitions.self),
        .rule(CopyScheduledTime.self),
        .rule(CopyTaskParametersID.self),
        .rule(WaitForScheduledTime.self),
        .rule(RetryFailedTasks.self),
        .rule(RenameReruns.self),
        .rule(UpdateFlowRunTrackerOnTasks.self),
        .rule(CacheInsertion.self),
        .transform(ReleaseTaskConcurrencySlots.self),
        .rule(EnqueueScheduledTasks.self),
    ]
}
