import Foundation

/// Keeps a run's state timestamps unique and increasing: a proposal stamped at or before the
/// current state moves to one microsecond after it.
///
/// `(task_run_id, timestamp)` is unique, and two proposals for one run in the same batch can
/// share a clock reading. Prefect does this for flow runs only; the spec recommends it here.
/// Compared on the microsecond grid the store persists.
struct AdvanceTimestampPastCurrentState: UniversalTransform {
    func beforeTransition(_ context: inout OrchestrationContext) throws {
        guard let proposed = context.proposedState, let current = context.initialState else { return }
        let currentMicroseconds = Self.microseconds(current.timestamp)
        if Self.microseconds(proposed.timestamp) <= currentMicroseconds {
            context.proposedState?.timestamp = Date(timeIntervalSince1970: Double(currentMicroseconds + 1) / 1_000_000)
        }
    }

    private static func microseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }
}
