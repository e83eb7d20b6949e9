import BatonCore
import Foundation

/// Reads and writes rows of `task_run`, each read joined with its current state.
struct TaskRunTable {
    let connection: SQLiteConnection

    /// The select list of a task run with its current state (aliased `state`).
    static let columns =
        """
        task_run.id, task_run.created, task_run.updated, task_run.name, task_run.flow_run_id, task_run.task_key, \
        task_run.dynamic_key, task_run.cache_key, task_run.cache_expiration, task_run.task_version, \
        task_run.empirical_policy, task_run.tags, task_run.labels, task_run.task_inputs, task_run.state_id, \
        task_run.state_type, task_run.state_name, task_run.state_timestamp, task_run.run_count, \
        task_run.flow_run_run_count, task_run.expected_start_time, task_run.next_scheduled_start_time, \
        task_run.start_time, task_run.end_time, task_run.total_run_time, \(StateColumns.list("state"))
        """

    /// Joins each run to its current state.
    static let stateJoin = "LEFT JOIN task_run_state AS state ON state.id = task_run.state_id"

    static func decode(_ row: SQLiteRow) throws -> TaskRun {
        TaskRun(
            id: try row.uuid(0),
            created: row.date(1),
            updated: row.date(2),
            name: row.string(3),
            flowRunID: try row.optionalUUID(4),
            taskKey: row.string(5),
            dynamicKey: row.string(6),
            cacheKey: row.optionalString(7),
            cacheExpiration: row.optionalDate(8),
            taskVersion: row.optionalString(9),
            empiricalPolicy: try row.json(10),
            tags: try row.json(11),
            labels: try row.optionalJSON(12) ?? [:],
            taskInputs: try row.json(13),
            stateID: try row.optionalUUID(14),
            state: try StateColumns.decode(row, at: 25),
            stateType: try StateColumns.optionalStateType(row.optionalString(15)),
            stateName: row.optionalString(16),
            stateTimestamp: row.optionalDate(17),
            runCount: row.int(18),
            flowRunRunCount: row.int(19),
            expectedStartTime: row.optionalDate(20),
            nextScheduledStartTime: row.optionalDate(21),
            startTime: row.optionalDate(22),
            endTime: row.optionalDate(23),
            totalRunTime: row.double(24))
    }

    func find(id: UUID) throws -> TaskRun? {
        try connection.queryFirst(
            "SELECT \(Self.columns) FROM task_run \(Self.stateJoin) WHERE task_run.id = ?", [id], Self.decode)
    }

    /// The run with this identity: (flow run, task key, dynamic key), where a `nil` flow run
    /// means an autonomous run.
    func find(flowRunID: UUID?, taskKey: String, dynamicKey: String) throws -> TaskRun? {
        if let flowRunID {
            return try connection.queryFirst(
                "SELECT \(Self.columns) FROM task_run \(Self.stateJoin) "
                    + "WHERE task_run.flow_run_id = ? AND task_run.task_key = ? AND task_run.dynamic_key = ?",
                [flowRunID, taskKey, dynamicKey], Self.decode)
        }
        return try connection.queryFirst(
            "SELECT \(Self.columns) FROM task_run \(Self.stateJoin) "
                + "WHERE task_run.flow_run_id IS NULL AND task_run.task_key = ? AND task_run.dynamic_key = ?",
            [taskKey, dynamicKey], Self.decode)
    }

    func insert(_ run: TaskRun) throws {
        try connection.execute(
            """
            INSERT INTO task_run (id, created, updated, name, flow_run_id, task_key, dynamic_key, cache_key, \
            cache_expiration, task_version, empirical_policy, tags, labels, task_inputs, state_id, state_type, \
            state_name, state_timestamp, run_count, flow_run_run_count, expected_start_time, \
            next_scheduled_start_time, start_time, end_time, total_run_time) \
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                run.id, run.created, run.updated, run.name, run.flowRunID, run.taskKey, run.dynamicKey, run.cacheKey,
                run.cacheExpiration, run.taskVersion, run.empiricalPolicy.jsonText, run.tags.jsonText,
                run.labels.jsonText, run.taskInputs.jsonText, run.stateID, run.stateType?.rawValue, run.stateName,
                run.stateTimestamp, run.runCount, run.flowRunRunCount, run.expectedStartTime,
                run.nextScheduledStartTime, run.startTime, run.endTime, run.totalRunTime,
            ])
    }

    /// Writes the fields orchestration changed between `old` and `new`, and `updated`.
    ///
    /// Only changed columns are set, so SQLite touches only the indexes on them.
    func update(from old: TaskRun, to new: TaskRun) throws {
        var assignments: [String] = ["updated = ?"]
        var parameters: [any SQLiteValueConvertible] = [new.updated]
        func set<Value: Equatable & SQLiteValueConvertible>(_ column: String, _ field: KeyPath<TaskRun, Value>) {
            guard old[keyPath: field] != new[keyPath: field] else { return }
            assignments.append("\(column) = ?")
            parameters.append(new[keyPath: field])
        }
        set("name", \.name)
        set("state_id", \.stateID)
        set("state_name", \.stateName)
        set("state_timestamp", \.stateTimestamp)
        set("run_count", \.runCount)
        set("flow_run_run_count", \.flowRunRunCount)
        set("expected_start_time", \.expectedStartTime)
        set("next_scheduled_start_time", \.nextScheduledStartTime)
        set("start_time", \.startTime)
        set("end_time", \.endTime)
        set("total_run_time", \.totalRunTime)
        if old.stateType != new.stateType {
            assignments.append("state_type = ?")
            parameters.append(new.stateType?.rawValue)
        }
        parameters.append(new.id)
        try connection.execute(
            "UPDATE task_run SET \(assignments.joined(separator: ", ")) WHERE id = ?", parameters)
    }

    /// Sets the name (when given) and `updated`; false when no run has that id.
    func rename(id: UUID, to name: String?, at now: Date) throws -> Bool {
        try connection.execute(
            "UPDATE task_run SET name = coalesce(?, name), updated = ? WHERE id = ?", [name, now, id])
        return connection.changes > 0
    }

    /// Deletes the run (its states cascade; subflow runs pointing at it lose the pointer) and
    /// its logs. False when no run has that id.
    func delete(id: UUID) throws -> Bool {
        try connection.execute("DELETE FROM task_run WHERE id = ?", [id])
        guard connection.changes > 0 else { return false }
        try connection.execute("DELETE FROM log WHERE task_run_id = ?", [id])
        return true
    }
}
