/// Decides a proposed task-run state change: chooses the policy, runs its rules and the
/// global bookkeeping around the commit step, and reports the outcome (spec orchestration §A).
///
/// The store calls `setState` inside its write transaction, with a data source bound to that
/// transaction, after loading the run with its current state.
public struct TaskRunOrchestrator: Sendable {
    public var settings: OrchestrationSettings

    public init(settings: OrchestrationSettings = OrchestrationSettings()) {
        self.settings = settings
    }

    /// Orchestrates `proposal` for `run`, whose `state` must be its current state with data.
    ///
    /// The state row is written through `data.insertState` during the call; the returned run
    /// is for the caller to persist. Throws when a rule failed (roll back; `INTERNAL`, or
    /// `NOT_FOUND` for `OrchestrationError.flowRunNotFound`) or the data source threw a
    /// `RetryableStorageError`.
    public func setState(
        of run: TaskRun,
        to proposal: State,
        force: Bool,
        parameters: [String: JSONValue] = [:],
        data: some OrchestrationDataSource
    ) throws -> TaskRunOrchestration {
        let policy = TaskPolicy.select(for: proposal, force: force)
        let context = try orchestrate(
            run: run, proposal: proposal, steps: policy.steps + GlobalTaskPolicy.steps, parameters: parameters,
            data: data)
        let stateWritten = context.validatedState != nil && context.validatedState?.id != run.state?.id
        return TaskRunOrchestration(
            result: OrchestrationResult(state: context.validatedState, details: context.responseDetails),
            run: context.run, policy: policy, stateWritten: stateWritten,
            enqueueAfterCommit: context.enqueueAfterCommit)
    }

    /// Runs `steps` for one proposal and returns the final context.
    func orchestrate(
        run: TaskRun, proposal: State, steps: [PolicyStep], parameters: [String: JSONValue] = [:],
        data: any OrchestrationDataSource
    ) throws -> OrchestrationContext {
        var context = OrchestrationContext(run: run, proposedState: proposal, parameters: parameters)
        try OrchestrationEngine(data: data, settings: settings).orchestrate(&context, through: steps)
        return context
    }
}
