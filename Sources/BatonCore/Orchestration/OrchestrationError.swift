import Foundation

/// A failure that ends orchestration with an error instead of an outcome; the caller rolls
/// back the transaction.
public enum OrchestrationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The task run's flow run vanished while the task was starting (→ `NOT_FOUND`).
    case flowRunNotFound(taskRunID: UUID)
    /// A rule rejected to "no state" on a run that has none — a bug in that rule (→ `INTERNAL`).
    case rejectedWithoutCurrentState

    public var description: String {
        switch self {
        case .flowRunNotFound(let taskRunID):
            "Unable to read flow run associated with task run: \(taskRunID.uuidString.lowercased()), "
                + "this flow run might have been deleted"
        case .rejectedWithoutCurrentState:
            "The current run has no state; this transition cannot be rejected without providing a new state."
        }
    }
}
