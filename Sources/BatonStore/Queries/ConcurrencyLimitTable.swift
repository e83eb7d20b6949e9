import BatonCore
import Foundation

/// Reads and writes rows of `concurrency_limit`, the v1 tag limits with their active slots.
struct ConcurrencyLimitTable {
    let connection: SQLiteConnection

    private static let columns = "id, created, updated, tag, concurrency_limit, active_slots"

    private static func decode(_ row: SQLiteRow) throws -> ConcurrencyLimit {
        ConcurrencyLimit(
            id: try row.uuid(0), created: row.date(1), updated: row.date(2), tag: row.string(3), limit: row.int(4),
            activeSlots: try row.json(5))
    }

    func find(id: UUID) throws -> ConcurrencyLimit? {
        try connection.queryFirst("SELECT \(Self.columns) FROM concurrency_limit WHERE id = ?", [id], Self.decode)
    }

    func find(tag: String) throws -> ConcurrencyLimit? {
        try connection.queryFirst("SELECT \(Self.columns) FROM concurrency_limit WHERE tag = ?", [tag], Self.decode)
    }

    func list(limit: Int, offset: Int) throws -> [ConcurrencyLimit] {
        try connection.queryPage(
            "SELECT \(Self.columns) FROM concurrency_limit ORDER BY tag LIMIT ? OFFSET ?", [limit, offset], Self.decode)
    }

    /// The limits on any of `tags`, ordered by tag, as orchestration sees them.
    func limits(forTags tags: [String]) throws -> [TagConcurrencyLimit] {
        try connection.query(
            "SELECT tag, concurrency_limit, active_slots FROM concurrency_limit "
                + "WHERE tag IN (SELECT value FROM json_each(?)) ORDER BY tag",
            [tags.jsonText]
        ) { row in
            TagConcurrencyLimit(
                tag: row.string(0), limit: row.int(1), activeSlots: Set(try row.json(2, as: [UUID].self)))
        }
    }

    /// Creates the limit for `tag`, or sets the existing one's value keeping its slots.
    func upsert(tag: String, limit: Int, at now: Date) throws -> Creation<ConcurrencyLimit> {
        let created = try find(tag: tag) == nil
        try connection.execute(
            """
            INSERT INTO concurrency_limit (id, created, updated, tag, concurrency_limit) VALUES (?, ?, ?, ?, ?) \
            ON CONFLICT (tag) DO UPDATE SET concurrency_limit = excluded.concurrency_limit, updated = excluded.updated
            """,
            [UUID.timeOrdered(at: now), now, now, tag, limit])
        guard let stored = try find(tag: tag) else { throw StoreError.internal("concurrency limit vanished on upsert") }
        return Creation(value: stored, created: created)
    }

    /// Adds `taskRunID` to the slots of the limit on `tag`, unless it holds one already.
    func occupySlot(tag: String, taskRunID: UUID, at now: Date) throws {
        try connection.execute(
            """
            UPDATE concurrency_limit SET active_slots = json_insert(active_slots, '$[#]', ?1), updated = ?2 \
            WHERE tag = ?3 AND NOT EXISTS (SELECT 1 FROM json_each(active_slots) WHERE value = ?1)
            """,
            [taskRunID, now, tag])
    }

    /// Removes `taskRunID` from the slots of the limits on `tags` that hold it.
    func releaseSlots(tags: [String], taskRunID: UUID, at now: Date) throws {
        try connection.execute(
            """
            UPDATE concurrency_limit SET updated = ?2, active_slots = \
            (SELECT json_group_array(value) FROM json_each(active_slots) WHERE value != ?1) \
            WHERE tag IN (SELECT value FROM json_each(?3)) \
            AND EXISTS (SELECT 1 FROM json_each(active_slots) WHERE value = ?1)
            """,
            [taskRunID, now, tags.jsonText])
    }

    /// Replaces the slots of the limit on `tag`; false when the tag has no limit.
    func resetSlots(tag: String, to slots: [UUID], at now: Date) throws -> Bool {
        try connection.execute(
            "UPDATE concurrency_limit SET active_slots = ?, updated = ? WHERE tag = ?", [slots.jsonText, now, tag])
        return connection.changes > 0
    }

    func delete(id: UUID) throws -> Bool {
        try connection.execute("DELETE FROM concurrency_limit WHERE id = ?", [id])
        return connection.changes > 0
    }

    func delete(tag: String) throws -> Bool {
        try connection.execute("DELETE FROM concurrency_limit WHERE tag = ?", [tag])
        return connection.changes > 0
    }
}
