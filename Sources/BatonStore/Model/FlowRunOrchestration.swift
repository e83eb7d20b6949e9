import BatonCore

/// The outcome of a flow-run set-state: the answer for the client and the run after it.
///
/// Baton's flow-run orchestration is minimal: every proposal is accepted and written with the
/// same bookkeeping as task runs get.
public struct FlowRunOrchestration: Sendable, Hashable {
    public var result: OrchestrationResult
    public var flowRun: StoredFlowRun
    /// Whether a new state row was written — the gRPC `created` flag.
    public var stateWritten: Bool
    /// For a subflow run: the state its parent task run was forced into, a copy of the new one.
    public var parentTaskRun: TaskRunOrchestration?

    public init(
        result: OrchestrationResult, flowRun: StoredFlowRun, stateWritten: Bool,
        parentTaskRun: TaskRunOrchestration? = nil
    ) {
        self.result = result
        self.flowRun = flowRun
        self.stateWritten = stateWritten
        self.parentTaskRun = parentTaskRun
    }
}
