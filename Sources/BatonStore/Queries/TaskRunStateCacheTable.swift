import BatonCore
import Foundation

/// Reads and writes `task_run_state_cache`: which COMPLETED states may be served for a cache key.
struct TaskRunStateCacheTable {
    let connection: SQLiteConnection

    /// The state behind the newest entry for `cacheKey` that has not expired at `instant`.
    ///
    /// When that entry's state was deleted with its run there is none: as in Prefect, deleting
    /// the run behind the newest entry invalidates the key rather than reviving an older entry.
    func newestState(forKey cacheKey: String, unexpiredAt instant: Date) throws -> State? {
        try connection.queryFirst(
            """
            SELECT \(StateColumns.list("state")) FROM (SELECT task_run_state_id FROM task_run_state_cache \
            WHERE cache_key = ? AND (cache_expiration IS NULL OR cache_expiration > ?) \
            ORDER BY created DESC, rowid DESC LIMIT 1) AS cache \
            JOIN task_run_state AS state ON state.id = cache.task_run_state_id
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
