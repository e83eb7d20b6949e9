/// Which per-`task_key` queue a background task run goes to once its transaction has committed.
public enum BackgroundTaskQueue: String, Sendable, Hashable {
    /// Runs that were scheduled.
    case scheduled
    /// Runs awaiting a retry; task workers take these first.
    case retry
}
