/// The state names Prefect gives special meaning to; rules produce and match them exactly.
public enum WellKnownStateName {
    /// SCHEDULED state written when a failed task run will be retried.
    public static let awaitingRetry = "AwaitingRetry"
    /// RUNNING state of a run that was retried (after AwaitingRetry, or because its flow was retried).
    public static let retrying = "Retrying"
    /// RUNNING state of a run that has run before.
    public static let rerunning = "Rerunning"
    /// COMPLETED state copied from the cache instead of running.
    public static let cached = "Cached"
    /// PAUSED state given to a task run whose flow run is paused.
    public static let notReady = "NotReady"
}
