import CSQLite

/// A failed SQLite call: the extended result code, SQLite's message, and the statement that failed.
///
/// `StoreError` is what callers of the store see; this is the raw cause it is made from.
struct SQLiteError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The extended result code, e.g. `SQLITE_CONSTRAINT_PRIMARYKEY`.
    var code: Int32
    var message: String
    /// The SQL being run, when the failure belongs to one statement.
    var sql: String?

    init(code: Int32, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    /// The primary result code, e.g. `SQLITE_CONSTRAINT` for any constraint violation.
    var primaryCode: Int32 { code & 0xFF }

    /// Whether another connection held a lock past the busy timeout.
    var isBusy: Bool { primaryCode == SQLITE_BUSY || primaryCode == SQLITE_LOCKED }

    /// Whether a primary key or unique index rejected the row.
    var isUniquenessViolation: Bool {
        code == Self.constraintPrimaryKey || code == Self.constraintUnique
    }

    /// Whether a foreign key pointed at a missing row.
    var isForeignKeyViolation: Bool { code == Self.constraintForeignKey }

    // Extended codes are shift macros, which Swift does not import: SQLITE_CONSTRAINT | (n << 8).
    private static let constraintForeignKey = SQLITE_CONSTRAINT | (3 << 8)
    private static let constraintPrimaryKey = SQLITE_CONSTRAINT | (6 << 8)
    private static let constraintUnique = SQLITE_CONSTRAINT | (8 << 8)

    var description: String {
        let codeName = String(cString: sqlite3_errstr(code))
        guard let sql else { return "SQLite error \(code) (\(codeName)): \(message)" }
        return "SQLite error \(code) (\(codeName)): \(message) — in \(sql)"
    }
}
