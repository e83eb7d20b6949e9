import BatonCore
import Foundation

/// Baton's minimal flow-run orchestration: every proposed state is accepted and written with
/// the bookkeeping task runs get (spec task-run-api §1.8) — what task-run rules later read of
/// the flow run (its state, `run_count`).
///
/// Prefect's flow policies (retries, pauses, cancellation) are out of scope; of its universal
/// flow transforms, the timestamp rule (a state never shares its run's previous state
/// timestamp), the resuming flag and the subflow's parent task-run id are kept.
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
        if let parentTaskRunID = stored.flowRun.parentTaskRunID {
            state.details.taskRunID = parentTaskRunID
        }
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
        // A paused run resuming does not run again; entering RUNNING or a final state ends
        // the resumption.
        if state.type == .running && stored.empiricalPolicy.resuming != true {
            run.runCount += 1
        }
        if (state.type == .running || state.type.isTerminal) && stored.empiricalPolicy.resuming == true {
            stored.empiricalPolicy.resuming = false
        }
        let committed = state.committed
        run.state = committed.stored
        stored.flowRun = run
        stored.updated = now
        return committed
    }
}
