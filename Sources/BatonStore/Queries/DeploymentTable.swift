import BatonCore
import Foundation

/// Reads and writes rows of `deployment`.
struct DeploymentTable {
    let connection: SQLiteConnection

    static let columns =
        "deployment.id, deployment.created, deployment.updated, deployment.flow_id, deployment.name, "
        + "deployment.paused, deployment.tags, deployment.labels, deployment.work_queue_name"

    static func decode(_ row: SQLiteRow) throws -> StoredDeployment {
        StoredDeployment(
            deployment: Deployment(
                id: try row.uuid(0), flowID: try row.uuid(3), name: row.string(4), paused: row.bool(5),
                tags: try row.json(6), labels: try row.json(7), workQueueName: row.optionalString(8)),
            created: row.date(1), updated: row.date(2))
    }

    func find(id: UUID) throws -> StoredDeployment? {
        try connection.queryFirst("SELECT \(Self.columns) FROM deployment WHERE id = ?", [id], Self.decode)
    }

    func find(flowID: UUID, name: String) throws -> StoredDeployment? {
        try connection.queryFirst(
            "SELECT \(Self.columns) FROM deployment WHERE flow_id = ? AND name = ?", [flowID, name], Self.decode)
    }

    /// The deployment's labels, which its flow runs inherit; `nil` when it does not exist.
    func labels(ofDeployment id: UUID) throws -> [String: JSONValue]? {
        try connection.queryFirst("SELECT labels FROM deployment WHERE id = ?", [id]) { try $0.json(0) }
    }

    func list(flows: FlowFilter?, deployments: DeploymentFilter?, limit: Int, offset: Int) throws
        -> [StoredDeployment]
    {
        var from = "deployment"
        var conditions: [SQLCondition] = []
        if let flows {
            from += " JOIN flow ON flow.id = deployment.flow_id"
            conditions.append(flows.condition(on: "flow"))
        }
        if let deployments {
            conditions.append(deployments.condition(on: "deployment"))
        }
        let condition = SQLCondition.combine(conditions)
        return try connection.queryPage(
            "SELECT \(Self.columns) FROM \(from) WHERE \(condition.sql) "
                + "ORDER BY deployment.name, deployment.id LIMIT ? OFFSET ?",
            condition.parameters + [limit, offset], Self.decode)
    }

    /// Inserts the deployment, or updates the one with the same flow and name.
    func upsert(_ create: DeploymentCreate, at now: Date) throws -> Creation<StoredDeployment> {
        let created = try find(flowID: create.flowID, name: create.name) == nil
        // A missing flow has no labels; the insert then fails on the foreign key.
        let labels = [String: JSONValue].labels(
            inheriting: try FlowTable(connection: connection).labels(ofFlow: create.flowID) ?? [:],
            system: ["prefect.flow.id": create.flowID], client: create.labels)
        try connection.execute(
            """
            INSERT INTO deployment (id, created, updated, flow_id, name, paused, tags, labels, work_queue_name) \
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) \
            ON CONFLICT (flow_id, name) DO UPDATE SET updated = excluded.updated, paused = excluded.paused, \
            tags = excluded.tags, labels = excluded.labels, work_queue_name = excluded.work_queue_name
            """,
            [
                UUID.timeOrdered(at: now), now, now, create.flowID, create.name, create.paused, create.tags.jsonText,
                labels.jsonText, create.workQueueName,
            ])
        guard let stored = try find(flowID: create.flowID, name: create.name) else {
            throw StoreError.internal("deployment vanished on upsert")
        }
        return Creation(value: stored, created: created)
    }

    /// Applies the present fields of `update`; false when the deployment does not exist.
    func update(id: UUID, _ update: DeploymentUpdate, at now: Date) throws -> Bool {
        var assignments = ["updated = ?"]
        var parameters: [any SQLiteValueConvertible] = [now]
        if let paused = update.paused {
            assignments.append("paused = ?")
            parameters.append(paused)
        }
        if let tags = update.tags {
            assignments.append("tags = ?")
            parameters.append(tags.jsonText)
        }
        if let labels = update.labels {
            assignments.append("labels = ?")
            parameters.append(labels.jsonText)
        }
        if let workQueueName = update.workQueueName {
            assignments.append("work_queue_name = ?")
            parameters.append(workQueueName)
        }
        try connection.execute(
            "UPDATE deployment SET \(assignments.joined(separator: ", ")) WHERE id = ?", parameters + [id])
        return connection.changes > 0
    }

    /// Deletes the deployment; its flow runs keep running without one.
    func delete(id: UUID) throws -> Bool {
        try connection.execute("DELETE FROM deployment WHERE id = ?", [id])
        return connection.changes > 0
    }
}
