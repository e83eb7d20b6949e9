/// The rules every ordinary task-run state change goes through, in priority order.
enum CoreTaskPolicy {
    static let steps: [PolicyStep] = [
        .rule(CacheRetrieval.self),
        .rule(HandleTaskTerminalStateTransitions.self),
        .rule(PreventRunningTasksFromStoppedFlows.self),
        // After cache retrieval, so cached states are served even when slots are full.
        .rule(SecureTaskConcurrencySlots.self),
        .rule(CopyScheduledTime.self),
        .rule(WaitForScheduledTime.self),
        .rule(RetryFailedTasks.self),
        .rule(RenameReruns.self),
        .rule(UpdateFlowRunTrackerOnTasks.self),
        .rule(CacheInsertion.self),
        .transform(ReleaseTaskConcurrencySlots.self),
    ]
}
