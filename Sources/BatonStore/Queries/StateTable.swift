import BatonCore
import Foundation

/// Inserts rows into one of the two state-history tables, `task_run_state` or `flow_run_state`.
struct StateTable {
    /// Which run kind the states belong to: the table and its run-id column.
    enum Kind {
        case taskRun
        case flowRun

        fileprivate var insertSQL: String {
            switch self {
            case .taskRun:
                "INSERT INTO task_run_state (id, created, updated, task_run_id, type, timestamp, name, message, "
                    + "state_details, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            case .flowRun:
                "INSERT INTO flow_run_state (id, created, updated, flow_run_id, type, timestamp, name, message, "
                    + "state_details, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            }
        }
    }

    let connection: SQLiteConnection
    let kind: Kind

    /// Writes `state` as a state of run `runID`, created at `now`; its data is stored inline.
    func insert(_ state: State, runID: UUID, at now: Date) throws {
        try connection.execute(
            kind.insertSQL,
            [
                state.id, now, now, runID, state.type.rawValue, state.timestamp, state.name, state.message,
                state.details.jsonText, state.data?.jsonText,
            ])
    }
}
