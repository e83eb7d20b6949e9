import BatonCore

/// The outcome of a flow-run create.
public struct FlowRunCreation: Sendable, Hashable {
    /// The new run with its initial state, or the existing run, unchanged.
    public var run: StoredFlowRun
    /// True when this call inserted the run (Prefect's 201); false for an existing one (200).
    public var created: Bool
    /// For a new subflow run: the state its parent task run was forced into, a copy of the
    /// initial one.
    public var parentTaskRun: TaskRunOrchestration?

    public init(run: StoredFlowRun, created: Bool, parentTaskRun: TaskRunOrchestration? = nil) {
        self.run = run
        self.created = created
        self.parentTaskRun = parentTaskRun
    }
}
