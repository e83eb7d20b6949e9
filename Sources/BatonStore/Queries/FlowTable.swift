import BatonCore
import Foundation

/// Reads and writes rows of `flow`.
struct FlowTable {
    let connection: SQLiteConnection

    static let columns = "flow.id, flow.created, flow.updated, flow.name, flow.tags, flow.labels"

    static func decode(_ row: SQLiteRow) throws -> StoredFlow {
        StoredFlow(
            flow: Flow(id: try row.uuid(0), name: row.string(3), tags: try row.json(4), labels: try row.json(5)),
            created: row.date(1), updated: row.date(2))
    }

    func find(id: UUID) throws -> StoredFlow? {
        try connection.queryFirst("SELECT \(Self.columns) FROM flow WHERE id = ?", [id], Self.decode)
    }

    func find(name: String) throws -> StoredFlow? {
        try connection.queryFirst("SELECT \(Self.columns) FROM flow WHERE name = ?", [name], Self.decode)
    }

    /// The flow's labels, which its flow runs inherit; `nil` when it does not exist.
    func labels(ofFlow id: UUID) throws -> [String: JSONValue]? {
        try connection.queryFirst("SELECT labels FROM flow WHERE id = ?", [id]) { try $0.json(0) }
    }

    func list(_ filter: FlowFilter?, limit: Int, offset: Int) throws -> [StoredFlow] {
        let condition = filter?.condition(on: "flow") ?? .alwaysTrue
        return try connection.queryPage(
            "SELECT \(Self.columns) FROM flow WHERE \(condition.sql) ORDER BY flow.name LIMIT ? OFFSET ?",
            condition.parameters + [limit, offset], Self.decode)
    }

    func insert(_ stored: StoredFlow) throws {
        let flow = stored.flow
        try connection.execute(
            "INSERT INTO flow (id, created, updated, name, tags, labels) VALUES (?, ?, ?, ?, ?, ?)",
            [flow.id, stored.created, stored.updated, flow.name, flow.tags.jsonText, flow.labels.jsonText])
    }

    /// Deletes the flow; its deployments and flow runs (and their task runs) cascade.
    func delete(id: UUID) throws -> Bool {
        try connection.execute("DELETE FROM flow WHERE id = ?", [id])
        return connection.changes > 0
    }
}
