import BatonCore
import Foundation

/// Reads and writes rows of `flow_run`, each read joined with its current state.
struct FlowRunTable {
    let connection: SQLiteConnection

    /// The select list of a flow run with its current state (aliased `state`).
    static let columns =
        """
        flow_run.id, flow_run.created, flow_run.updated, flow_run.flow_id, flow_run.name, flow_run.tags, \
        flow_run.labels, flow_run.deployment_id, flow_run.deployment_version, flow_run.work_queue_name, \
        flow_run.work_queue_id, flow_run.flow_version, flow_run.idempotency_key, flow_run.parent_task_run_id, \
        flow_run.created_by, flow_run.run_count, flow_run.expected_start_time, flow_run.next_scheduled_start_time, \
        flow_run.start_time, flow_run.end_time, flow_run.total_run_time, flow_run.empirical_policy, \
        flow_run.parameters, flow_run.context, \(StateColumns.list("state"))
        """

    /// Joins each run to its current state.
    static let stateJoin = "LEFT JOIN flow_run_state AS state ON state.id = flow_run.state_id"

    static func decode(_ row: SQLiteRow) throws -> StoredFlowRun {
        let flowRun = FlowRun(
            id: try row.uuid(0),
            flowID: try row.uuid(3),
            name: row.string(4),
            tags: try row.json(5),
            labels: try row.json(6),
            deploymentID: try row.optionalUUID(7),
            workQueueName: row.optionalString(9),
            flowVersion: row.optionalString(11),
            idempotencyKey: row.optionalString(12),
            parentTaskRunID: try row.optionalUUID(13),
            state: try StateColumns.decode(row, at: 24),
            runCount: row.int(15),
            expectedStartTime: row.optionalDate(16),
            nextScheduledStartTime: row.optionalDate(17),
            startTime: row.optionalDate(18),
            endTime: row.optionalDate(19))
        return StoredFlowRun(
            flowRun: flowRun,
            created: row.date(1),
            updated: row.date(2),
            deploymentVersion: row.optionalString(8),
            workQueueID: try row.optionalUUID(10),
            createdBy: try row.optionalJSON(14),
            totalRunTime: row.double(20),
            empiricalPolicy: try row.json(21),
            parameters: try row.json(22),
            context: try row.json(23))
    }

    func find(id: UUID) throws -> StoredFlowRun? {
        try connection.queryFirst(
            "SELECT \(Self.columns) FROM flow_run \(Self.stateJoin) WHERE flow_run.id = ?", [id], Self.decode)
    }

    func find(flowID: UUID, idempotencyKey: String) throws -> StoredFlowRun? {
        try connection.queryFirst(
            "SELECT \(Self.columns) FROM flow_run \(Self.stateJoin) "
                + "WHERE flow_run.flow_id = ? AND flow_run.idempotency_key = ?",
            [flowID, idempotencyKey], Self.decode)
    }

    /// The labels task runs created under this flow run inherit; `nil` when it does not exist.
    func labels(ofFlowRun id: UUID) throws -> [String: JSONValue]? {
        try connection.queryFirst("SELECT labels FROM flow_run WHERE id = ?", [id]) { try $0.json(0) }
    }

    func insert(_ stored: StoredFlowRun) throws {
        let run = stored.flowRun
        try connection.execute(
            """
            INSERT INTO flow_run (id, created, updated, flow_id, name, tags, labels, deployment_id, \
            deployment_version, work_queue_name, work_queue_id, flow_version, idempotency_key, parent_task_run_id, \
            created_by, state_id, state_type, state_name, state_timestamp, run_count, expected_start_time, \
            next_scheduled_start_time, start_time, end_time, total_run_time, empirical_policy, parameters, context) \
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                run.id, stored.created, stored.updated, run.flowID, run.name, run.tags.jsonText, run.labels.jsonText,
                run.deploymentID, stored.deploymentVersion, run.workQueueName, stored.workQueueID, run.flowVersion,
                run.idempotencyKey, run.parentTaskRunID, stored.createdBy?.jsonText, run.state?.id,
                run.state?.type.rawValue, run.state?.name, run.state?.timestamp, run.runCount, run.expectedStartTime,
                run.nextScheduledStartTime, run.startTime, run.endTime, stored.totalRunTime,
                stored.empiricalPolicy.jsonText, stored.parameters.jsonText, stored.context.jsonText,
            ])
    }

    /// Writes the state bookkeeping of `stored` (after a state change).
    func updateState(of stored: StoredFlowRun) throws {
        let run = stored.flowRun
        try connection.execute(
            """
            UPDATE flow_run SET updated = ?, state_id = ?, state_type = ?, state_name = ?, state_timestamp = ?, \
            run_count = ?, expected_start_time = ?, next_scheduled_start_time = ?, start_time = ?, end_time = ?, \
            total_run_time = ?, empirical_policy = ? WHERE id = ?
            """,
            [
                stored.updated, run.state?.id, run.state?.type.rawValue, run.state?.name, run.state?.timestamp,
                run.runCount, run.expectedStartTime, run.nextScheduledStartTime, run.startTime, run.endTime,
                stored.totalRunTime, stored.empiricalPolicy.jsonText, run.id,
            ])
    }

    /// Deletes the run (its states and task runs cascade) and its logs. False when it does not exist.
    func delete(id: UUID) throws -> Bool {
        try connection.execute("DELETE FROM flow_run WHERE id = ?", [id])
        guard connection.changes > 0 else { return false }
        try connection.execute("DELETE FROM log WHERE flow_run_id = ?", [id])
        return true
    }
}
