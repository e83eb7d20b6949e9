import BatonCore
import Foundation

/// Reads and writes `task_run_state_cache`: which COMPLETED states may be served for a cache key.
struct TaskRunStateCacheTable {
    let connection: SQLiteConnection

    /// The state behind the newest entry for `cacheKey` that has not expired at `instant`.
    ///
    /// Entries whose state was deleted with its run are skipped.
    func newestState(forKey cacheKey: String, unexpiredAt instant: Date) throws -> State? {
        try connection.queryFirst(
            """
            SELECT \(StateColumns.list("state")) FROM task_run_state_cache AS cache \
            JOIN task_run_state AS state ON state.id = cache.task_run_state_id \
            WHERE cache.cache_key = ? AND (cache.cache_expiration IS NULL OR cache.cache_expiration > ?) \
            ORDER BY cache.created DESC, cache.rowid DESC LIMIT 1
            """,
            [cacheKey, instant]
        ) { try StateColumns.decode($0, at: 0) } ?? nil
    }

    func insert(_ entry: TaskRunStateCacheEntry, at now: Date) throws {
        try connection.execute(
            "INSERT INTO task_run_state_cache (id, created, updated, cache_key, cache_expiration, task_run_state_id) "
                + "VALUES (?, ?, ?, ?, ?, ?)",
            [UUID.timeOrdered(at: now), now, now, entry.cacheKey, entry.cacheExpiration, entry.stateID])
    }
}
