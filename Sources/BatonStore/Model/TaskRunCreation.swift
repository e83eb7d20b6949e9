import BatonCore

/// The outcome of an idempotent task-run create: the run, whether this call inserted it, and
/// whether task workers should now receive it.
public struct TaskRunCreation: Sendable, Hashable {
    /// The new run with its initial state, or the existing run, unchanged.
    public var run: TaskRun
    /// True when this call inserted the run (Prefect's 201); false for an existing one (200).
    public var created: Bool
    /// Set when the initial state was a deferred SCHEDULED one: hand `run` to task workers on
    /// this queue. The transaction has committed by the time the caller sees it.
    public var enqueueAfterCommit: BackgroundTaskQueue?

    public init(run: TaskRun, created: Bool, enqueueAfterCommit: BackgroundTaskQueue? = nil) {
        self.run = run
        self.created = created
        self.enqueueAfterCommit = enqueueAfterCommit
    }
}
