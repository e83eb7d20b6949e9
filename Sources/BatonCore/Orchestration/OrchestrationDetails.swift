/// The details of an orchestration outcome: the tagged union `accept_details`,
/// `reject_details`, `wait_details`, `abort_details`, whose tag is the status.
public enum OrchestrationDetails: Sendable, Hashable {
    case accept
    case reject(reason: String?)
    case wait(delaySeconds: Int, reason: String?)
    case abort(reason: String?)

    /// The status this detail belongs to.
    public var status: SetStateStatus {
        switch self {
        case .accept: .accept
        case .reject: .reject
        case .wait: .wait
        case .abort: .abort
        }
    }

    /// The reason a rule gave, if any.
    public var reason: String? {
        switch self {
        case .accept: nil
        case .reject(let reason), .wait(_, let reason), .abort(let reason): reason
        }
    }
}
