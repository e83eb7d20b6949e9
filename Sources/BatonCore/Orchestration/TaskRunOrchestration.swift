/// The outcome of orchestrating one proposed task-run state: the answer for the client, the
/// run to persist, and what to do once the transaction has committed.
public struct TaskRunOrchestration: Sendable, Hashable {
    /// The answer for the client.
    public var result: OrchestrationResult
    /// The run after orchestration, bookkeeping applied; `state`/`stateID` point at the written
    /// state. Persist it whenever it differs from the run that was passed in.
    public var run: TaskRun
    /// The policy that governed the change.
    public var policy: TaskPolicy
    /// Whether a new state row was written (`result.state` is it) — the gRPC `created` flag.
    public var stateWritten: Bool
    /// Hand `run` to task workers on this queue after commit; `nil` for most changes.
    public var enqueueAfterCommit: BackgroundTaskQueue?

    public init(
        result: OrchestrationResult, run: TaskRun, policy: TaskPolicy, stateWritten: Bool,
        enqueueAfterCommit: BackgroundTaskQueue?
    ) {
        self.result = result
        self.run = run
        self.policy = policy
        self.stateWritten = stateWritten
        self.enqueueAfterCommit = enqueueAfterCommit
    }
}
