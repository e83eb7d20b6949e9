import BatonCore
import Foundation

/// Reads and inserts rows of one of the two state-history tables, `task_run_state` or
/// `flow_run_state`.
struct StateTable {
    /// Which run kind the states belong to: the table and its run-id column.
    enum Kind {
        case taskRun
        case flowRun

        fileprivate var table: String {
            switch self {
            case .taskRun: "task_run_state"
            case .flowRun: "flow_run_state"
            }
        }

        fileprivate var runIDColumn: String {
            switch self {
            case .taskRun: "task_run_id"
            case .flowRun: "flow_run_id"
            }
        }

        fileprivate var insertSQL: String {
            "INSERT INTO \(table) (id, created, updated, \(runIDColumn), type, timestamp, name, message, "
                + "state_details, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        }
    }

    let connection: SQLiteConnection
    let kind: Kind

    func find(id: UUID) throws -> State? {
        try connection.queryFirst("\(selectSQL) WHERE state.id = ?", [id], Self.decode)
    }

    /// The states of run `runID`, oldest first; a page's byte limit bounds what is read.
    func states(ofRun runID: UUID) throws -> [State] {
        try connection.queryPage(
            "\(selectSQL) WHERE state.\(kind.runIDColumn) = ? ORDER BY state.timestamp ASC", [runID], Self.decode)
    }

    private var selectSQL: String { "SELECT \(StateColumns.list("state")) FROM \(kind.table) AS state" }

    private static func decode(_ row: SQLiteRow) throws -> State {
        // The id is the table's primary key, so never NULL.
        guard let state = try StateColumns.decode(row, at: 0) else {
            throw StoreError.internal("a state without an id")
        }
        return state
    }

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
