/// The repository of run logs: batches written, lines read with a filter.
public protocol LogRepository: Sendable {
    /// Stores the lines in one transaction; returns how many were stored.
    func createLogs(_ logs: [LogCreate]) async throws -> Int

    /// The matching lines in `sort` order, after `offset`, at most `limit`.
    func readLogs(_ filter: LogFilter?, sort: LogSort, limit: Int, offset: Int) async throws -> [Log]
}
