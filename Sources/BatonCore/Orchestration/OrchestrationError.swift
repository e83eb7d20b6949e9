import Foundation

/// A failure that ends orchestration with an error instead of an outcome; the caller rolls
/// back the transaction.
public enum OrchestrationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The task run's flow run vanished while the task was starting (→ `NOT_FOUND`).
    case flowRunNotFound(taskRunID: UUID)
    /// A rule rejected to "no state" on a run that has none — a bug in that rule (→ `INTERNAL`).
    case rejectedWithoutCurrentState
    /// The run's retry delay puts its retry outside `State.representableTimes`
    /// (→ `FAILED_PRECONDITION`).
    case retryOutOfRange(delaySeconds: Double)

    public var description: String {
        switch self {
        case .flowRunNotFound(let taskRunID):
            "Unable to read flow run associated with task run: \(taskRunID.uuidString.lowercased()), "
                + "this flow run might have been deleted"
        case .rejectedWithoutCurrentState:
            "The current run has no state; this transition cannot be rejected without providing a new state."
        case .retryOutOfRange(let delaySeconds):
            "A retry delay of \(delaySeconds) seconds schedules the retry outside 0001-01-01T00:00:00Z to "
                + "9999-12-31T23:59:59Z; configure a shorter retry_delay."
        }
    }
}
