/// What a set-state call answers: the run's state after the call, the status and its details.
///
/// `state` is the newly written state, or the unchanged current state when nothing was written;
/// `nil` when nothing was written and the run had no state, or when writing failed.
public struct OrchestrationResult: Sendable, Hashable {
    public var state: State?
    public var details: OrchestrationDetails

    public init(state: State?, details: OrchestrationDetails) {
        self.state = state
        self.details = details
    }

    /// ACCEPT, REJECT, WAIT or ABORT.
    public var status: SetStateStatus { details.status }
}
