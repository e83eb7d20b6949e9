import BatonCore
import Foundation

extension SQLiteStore: TaskRunRepository {
    public func createTaskRun(_ create: TaskRunCreate) async throws -> TaskRunCreation {
        try await writer.write { connection in
            try TaskRunWrites(connection: connection, now: self.now(), orchestrator: self.orchestrator).create(create)
        }
    }

    public func renameTaskRun(id: UUID, to name: String?) async throws -> Bool {
        let name = name.map(RandomSlug.name)
        return try await writer.write { connection in
            try TaskRunTable(connection: connection).rename(id: id, to: name, at: self.now())
        }
    }

    public func readTaskRun(id: UUID) async throws -> TaskRun? {
        try await readers.readRow { try TaskRunTable(connection: $0).find(id: id) }
    }

    public func readTaskRuns(_ filters: TaskRunQueryFilters, sort: TaskRunSort, limit: Int, offset: Int)
        async throws -> [TaskRun]
    {
        try await readers.read { try Self.taskRuns(filters, sort: sort, limit: limit, offset: offset, on: $0) }
    }

    public func countTaskRuns(_ filters: TaskRunQueryFilters) async throws -> Int {
        try await readers.read { try Self.countTaskRuns(filters, on: $0) }
    }

    public func paginateTaskRuns(_ filters: TaskRunQueryFilters, sort: TaskRunSort, page: PageRequest)
        async throws -> TaskRunPage
    {
        try await readers.read { connection in
            let results = try Self.taskRuns(filters, sort: sort, limit: page.limit, offset: page.offset, on: connection)
            let count = try Self.countTaskRuns(filters, on: connection)
            return TaskRunPage(
                results: results, count: count, limit: page.limit, pages: page.pageCount(forTotal: count),
                page: page.page)
        }
    }

    public func taskRunHistory(_ request: HistoryRequest) async throws -> [HistoryBucket] {
        try await readers.read { try TaskRunHistoryQuery(request: request, now: self.now()).run(on: $0) }
    }

    public func deleteTaskRun(id: UUID) async throws -> Bool {
        try await writer.write { try TaskRunTable(connection: $0).delete(id: id) }
    }

    public func readTaskRunState(id: UUID) async throws -> State? {
        try await readers.readRow { try StateTable(connection: $0, kind: .taskRun).find(id: id) }
    }

    public func readTaskRunStates(taskRunID: UUID) async throws -> [State] {
        try await readers.read { try StateTable(connection: $0, kind: .taskRun).states(ofRun: taskRunID) }
    }

    public func setTaskRunState(id: UUID, to proposal: StateCreate, force: Bool, parameters: [String: JSONValue])
        async throws -> TaskRunOrchestration
    {
        try await writer.write { connection in
            try TaskRunWrites(connection: connection, now: self.now(), orchestrator: self.orchestrator)
                .setState(id: id, to: proposal, force: force, parameters: parameters)
        }
    }

    public func taskRunIDs(_ ids: [UUID], matching filters: TaskRunQueryFilters) async throws -> Set<UUID> {
        guard !ids.isEmpty else { return [] }
        return try await readers.read { connection in
            let selection = TaskRunSelection(filters)
            let among = SQLCondition.column("task_run.id", in: ids.columnValues)
            let condition = SQLCondition.combine([among, selection.condition])
            return Set(
                try connection.query(
                    "SELECT task_run.id FROM \(selection.from) WHERE \(condition.sql)", condition.parameters
                ) { try $0.uuid(0) })
        }
    }

    public func readScheduledDeferredTaskRuns() async throws -> [TaskRun] {
        try await readers.read { connection in
            try connection.query(Self.scheduledDeferredTaskRuns(where: "1"), [], TaskRunTable.decode)
        }
    }

    public func readScheduledDeferredTaskRuns(taskKey: String, limit: Int) async throws -> [TaskRun] {
        try await readers.read { connection in
            try connection.query(
                Self.scheduledDeferredTaskRuns(where: "task_run.task_key = ?") + " LIMIT ?", [taskKey, limit],
                TaskRunTable.decode)
        }
    }

    private static func scheduledDeferredTaskRuns(where condition: String) -> String {
        "SELECT \(TaskRunTable.columns) FROM task_run \(TaskRunTable.stateJoin) "
            + "WHERE task_run.state_type = 'SCHEDULED' AND json_extract(state.state_details, '$.deferred') = 1 "
            + "AND \(condition) ORDER BY task_run.next_scheduled_start_time ASC, task_run.id ASC"
    }

    private static func taskRuns(
        _ filters: TaskRunQueryFilters, sort: TaskRunSort, limit: Int, offset: Int, on connection: SQLiteConnection
    ) throws -> [TaskRun] {
        let selection = TaskRunSelection(filters)
        // The page is chosen on narrow rows first; only its runs are then read in full with
        // their states, instead of carrying every match's JSON columns through the sort.
        return try connection.queryPage(
            "SELECT \(TaskRunTable.columns) FROM (SELECT task_run.rowid AS page_rowid FROM \(selection.from) "
                + "WHERE \(selection.condition.sql) ORDER BY \(sort.orderBy) LIMIT ? OFFSET ?) AS page "
                + "JOIN task_run ON task_run.rowid = page.page_rowid \(TaskRunTable.stateJoin) "
                + "ORDER BY \(sort.orderBy)",
            selection.condition.parameters + [limit, offset],
            TaskRunTable.decode)
    }

    private static func countTaskRuns(_ filters: TaskRunQueryFilters, on connection: SQLiteConnection) throws -> Int {
        let selection = TaskRunSelection(filters)
        return try connection.queryFirst(
            "SELECT count(*) FROM \(selection.from) \(selection.condition.whereClause)", selection.condition.parameters
        ) { $0.int(0) } ?? 0
    }
}
