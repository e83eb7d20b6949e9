import BatonCore
import Foundation

/// Reads and writes rows of `log`.
struct LogTable {
    let connection: SQLiteConnection

    private static let columns = "id, created, updated, name, level, message, timestamp, flow_run_id, task_run_id"

    private static func decode(_ row: SQLiteRow) throws -> Log {
        Log(
            id: try row.uuid(0), created: row.date(1), updated: row.date(2), name: row.string(3), level: row.int(4),
            message: row.string(5), timestamp: row.date(6), flowRunID: try row.optionalUUID(7),
            taskRunID: try row.optionalUUID(8))
    }

    func insert(_ log: LogCreate, at now: Date) throws {
        try connection.execute(
            "INSERT INTO log (id, created, updated, name, level, message, timestamp, flow_run_id, task_run_id) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                UUID.timeOrdered(at: now), now, now, log.name, log.level, log.message, log.timestamp, log.flowRunID,
                log.taskRunID,
            ])
    }

    func list(_ filter: LogFilter?, sort: LogSort, limit: Int, offset: Int) throws -> [Log] {
        let condition = filter?.condition ?? .alwaysTrue
        let direction = sort == .timestampAscending ? "ASC" : "DESC"
        return try connection.queryPage(
            "SELECT \(Self.columns) FROM log WHERE \(condition.sql) "
                + "ORDER BY timestamp \(direction), rowid \(direction) LIMIT ? OFFSET ?",
            condition.parameters + [limit, offset], Self.decode)
    }
}

extension LogFilter {
    fileprivate var condition: SQLCondition {
        var conditions: [SQLCondition] = []
        if let levelAtLeast { conditions.append(SQLCondition("level >= ?", [levelAtLeast])) }
        if let levelAtMost { conditions.append(SQLCondition("level <= ?", [levelAtMost])) }
        if let timestamp { conditions.append(.column("timestamp", within: timestamp)) }
        if let flowRunIDs { conditions.append(.column("flow_run_id", in: flowRunIDs.columnValues)) }
        if let taskRunIDs { conditions.append(.column("task_run_id", in: taskRunIDs.columnValues)) }
        if let taskRunIDIsNull { conditions.append(.column("task_run_id", isNull: taskRunIDIsNull)) }
        return .combine(conditions, with: self.operator)
    }
}
