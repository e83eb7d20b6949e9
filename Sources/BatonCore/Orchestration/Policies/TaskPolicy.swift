/// The orchestration policies the server chooses between for a task-run state change
/// (spec orchestration §A.2, §B.1); `GlobalTaskPolicy` bookkeeping always follows.
public enum TaskPolicy: String, Sendable, Hashable, CaseIterable {
    /// Every rule: caching, retries, terminal-state protection, flow checks, tag concurrency.
    case core = "CoreTaskPolicy"
    /// For background (deferred) runs: like core without flow checks and tag concurrency, plus
    /// the guard against starting a run twice and the hand-off to task workers.
    case background = "BackgroundTaskPolicy"
    /// For forced changes: only frees tag concurrency slots.
    case minimal = "MinimalTaskPolicy"

    /// The policy for a proposal: a deferred proposal always gets `background` (even forced),
    /// otherwise `force` gets `minimal`, otherwise `core`.
    public static func select(for proposal: State, force: Bool) -> TaskPolicy {
        if proposal.details.isDeferred { return .background }
        return force ? .minimal : .core
    }

    /// The policy's steps in order.
    var steps: [PolicyStep] {
        switch self {
        case .core: CoreTaskPolicy.steps
        case .background: BackgroundTaskPolicy.steps
        case .minimal: MinimalTaskPolicy.steps
        }
    }
}
