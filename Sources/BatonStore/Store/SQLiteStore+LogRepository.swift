extension SQLiteStore: LogRepository {
    public func createLogs(_ logs: [LogCreate]) async throws -> Int {
        try await writer.write { connection in
            let table = LogTable(connection: connection)
            let now = self.now()
            for log in logs {
                try table.insert(log, at: now)
            }
            return logs.count
        }
    }

    public func readLogs(_ filter: LogFilter?, sort: LogSort, limit: Int, offset: Int) async throws -> [Log] {
        try await readers.read { try LogTable(connection: $0).list(filter, sort: sort, limit: limit, offset: offset) }
    }
}
