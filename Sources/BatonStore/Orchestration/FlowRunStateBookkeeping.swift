import BatonCore
import Foundation

/// Baton's minimal flow-run orchestration: every proposed state is accepted and written with
/// the bookkeeping task runs get (spec task-run-api §1.8) — what task-run rules later read of
/// the flow run (its state, `run_count`).
///
/// Prefect's flow policies (retries, pauses, cancellation) are out of scope; only their
/// timestamp rule is kept: a state never shares its run's previous state timestamp.
enum FlowRunStateBookkeeping {
    /// Makes `proposed` the current state of `stored` and updates the run's fields; returns the
    /// state as it is to be written and as the call answers with it (`State.committed`).
    static func apply(_ proposed: State, to stored: inout StoredFlowRun, at now: Date)
        -> (stored: State, validated: State)
    {
        var state = proposed
        let initial = stored.flowRun.state
        if let initial, state.timestamp.microsecondsSince1970 <= initial.timestamp.microsecondsSince1970 {
            state.timestamp = Date(microsecondsSince1970: initial.timestamp.microsecondsSince1970 + 1)
        }
        state.details.flowRunID = stored.flowRun.id
        var run = stored.flowRun
        if state.type == .running && run.startTime == nil {
            run.startTime = state.timestamp
        }
        if initial?.type.isTerminal == true && !state.type.isTerminal {
            run.endTime = nil
        }
        if state.type.isTerminal && run.endTime == nil {
            run.startTime = run.startTime ?? state.timestamp
            run.endTime = state.timestamp
        }
        if let initial, initial.type == .running {
            stored.totalRunTime += state.timestamp.timeIntervalSince(initial.timestamp)
        }
        if run.expectedStartTime == nil {
            run.expectedStartTime = state.type == .scheduled ? state.details.scheduledTime : state.timestamp
        }
        if initial?.type == .scheduled {
            run.nextScheduledStartTime = nil
        }
        if state.type == .scheduled {
            run.nextScheduledStartTime = state.details.scheduledTime
        }
        if state.type == .running {
            run.runCount += 1
        }
        let committed = state.committed
        run.state = committed.stored
        stored.flowRun = run
        stored.updated = now
        return committed
    }
}
