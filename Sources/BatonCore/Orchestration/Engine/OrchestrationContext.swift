/// Everything one orchestration works on: the live run, the states before, during and after
/// the decision, the response being built, and messages rules pass to each other
/// (spec orchestration §A.3).
///
/// The engine owns it. Rules see it through `BeforeTransitionScope` / `AfterTransitionScope`,
/// which only let them change the proposal through the helpers of §A.4; universal transforms
/// edit it directly.
struct OrchestrationContext {
    /// The task run row; rules and transforms write to it directly.
    var run: TaskRun
    /// The run's current state when orchestration began.
    let initialState: State?
    /// The state to write; `nil` once a rule decided nothing is written.
    var proposedState: State?
    /// Set by the commit step: the state written, or the current state when nothing was.
    var validatedState: State?
    var responseDetails: OrchestrationDetails = .accept
    /// The error a rule's `beforeTransition` threw; re-thrown after every rule has exited.
    var orchestrationError: (any Error)?
    /// Messages rules pass to later rules; seeded by the caller.
    var parameters: [String: JSONValue]
    /// Set by `EnqueueScheduledTasks`: hand the run to task workers after commit.
    var enqueueAfterCommit: BackgroundTaskQueue?
    /// The parent flow run once read; `.some(nil)` when the run has none or it is gone.
    private var parentFlowRun: FlowRun??

    init(run: TaskRun, proposedState: State?, parameters: [String: JSONValue] = [:]) {
        self.run = run
        self.initialState = run.state
        self.proposedState = proposedState
        self.parameters = parameters
    }

    /// The transition currently proposed; rules compare it with the one they entered for.
    var transition: Transition {
        // Not inlined: Swift 6.3.1's CopyPropagation pass crashes the release build otherwise.
        @inline(never) get { Transition(from: initialState?.type, to: proposedState?.type) }
    }

    /// The run's flow run with its current state, or `nil` when the run has none or it no
    /// longer exists. Read once: nothing else writes it inside the caller's transaction.
    mutating func flowRun(from data: any OrchestrationDataSource) throws -> FlowRun? {
        if let parentFlowRun { return parentFlowRun }
        let flowRun = try run.flowRunID.flatMap { try data.flowRun(id: $0) }
        parentFlowRun = .some(flowRun)
        return flowRun
    }
}
