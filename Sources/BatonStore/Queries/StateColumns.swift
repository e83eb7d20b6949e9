import BatonCore

/// The columns of a state row (`task_run_state` or `flow_run_state`) as queries select them, and
/// how they are read back.
enum StateColumns {
    static let count: Int32 = 7

    /// The select list for the state table named `table`.
    static func list(_ table: String) -> String {
        ["id", "type", "name", "timestamp", "message", "state_details", "data"]
            .map { "\(table).\($0)" }.joined(separator: ", ")
    }

    /// The state whose columns start at `offset`; `nil` when its id is NULL (no current state).
    static func decode(_ row: SQLiteRow, at offset: Int32) throws -> State? {
        guard !row.isNull(offset) else { return nil }
        return State(
            id: try row.uuid(offset),
            type: try stateType(row.string(offset + 1)),
            name: row.string(offset + 2),
            timestamp: row.date(offset + 3),
            message: row.optionalString(offset + 4),
            data: try row.optionalJSON(offset + 6, as: JSONValue.self),
            details: try row.json(offset + 5, as: StateDetails.self))
    }

    static func stateType(_ text: String) throws -> StateType {
        guard let type = StateType(rawValue: text) else {
            throw StoreError.internal("stored state type \"\(text)\" is unknown")
        }
        return type
    }

    static func optionalStateType(_ text: String?) throws -> StateType? {
        try text.map(stateType)
    }
}
