import CSQLite

/// A prepared statement of one `SQLiteConnection`: binds parameters, steps, and hands rows out.
///
/// Every run resets the statement and clears its bindings afterwards, so a cached statement
/// never holds a read snapshot or a lock between calls.
final class SQLiteStatement {
    let sql: String
    private let handle: OpaquePointer
    private let database: OpaquePointer

    init(sql: String, database: OpaquePointer) throws {
        var handle: OpaquePointer?
        let code = sqlite3_prepare_v3(database, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &handle, nil)
        guard code == SQLITE_OK, let handle else {
            throw SQLiteError(code: code, message: String(cString: sqlite3_errmsg(database)), sql: sql)
        }
        self.sql = sql
        self.handle = handle
        self.database = database
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Runs the statement to completion, ignoring any rows.
    func execute(_ parameters: [any SQLiteValueConvertible] = []) throws {
        try withBindings(parameters) {
            while try step() {}
        }
    }

    /// Every row, each read by `read`. With a `byteLimit`, throws `StoreError.resourceExhausted`
    /// before reading a row that takes the rows' text and blob bytes past it.
    func query<Row>(
        _ parameters: [any SQLiteValueConvertible] = [], byteLimit: Int? = nil, _ read: (SQLiteRow) throws -> Row
    ) throws -> [Row] {
        try withBindings(parameters) {
            var rows: [Row] = []
            var bytes = 0
            while try step() {
                let row = SQLiteRow(handle: handle)
                if let byteLimit {
                    bytes += row.textAndBlobBytes
                    guard bytes <= byteLimit else {
                        throw StoreError.resourceExhausted(
                            "The first \(rows.count + 1) results hold more than \(byteLimit) bytes; ask for fewer "
                                + "(a smaller limit) or filter more narrowly.")
                    }
                }
                rows.append(try read(row))
            }
            return rows
        }
    }

    /// Hands every row to `body` as it is stepped, without collecting them.
    func forEachRow(_ parameters: [any SQLiteValueConvertible] = [], _ body: (SQLiteRow) throws -> Void) throws {
        try withBindings(parameters) {
            while try step() {
                try body(SQLiteRow(handle: handle))
            }
        }
    }

    /// The first row read by `read`, or `nil` when there is none.
    func queryFirst<Row>(_ parameters: [any SQLiteValueConvertible] = [], _ read: (SQLiteRow) throws -> Row) throws
        -> Row?
    {
        try withBindings(parameters) {
            try step() ? try read(SQLiteRow(handle: handle)) : nil
        }
    }

    private func withBindings<Result>(_ parameters: [any SQLiteValueConvertible], _ body: () throws -> Result)
        throws -> Result
    {
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        for (offset, parameter) in parameters.enumerated() {
            try bind(parameter.sqliteValue, at: Int32(offset + 1))
        }
        return try body()
    }

    private func bind(_ value: SQLiteValue, at index: Int32) throws {
        let code: Int32
        switch value {
        case .null: code = sqlite3_bind_null(handle, index)
        case .integer(let integer): code = sqlite3_bind_int64(handle, index, integer)
        case .real(let real): code = sqlite3_bind_double(handle, index, real)
        case .text(let text): code = sqlite3_bind_text(handle, index, text, -1, csqlite_transient())
        }
        guard code == SQLITE_OK else { throw error(code) }
    }

    /// Advances to the next row; false once the statement is done.
    private func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code: throw error(code)
        }
    }

    private func error(_ code: Int32) -> SQLiteError {
        SQLiteError(
            code: sqlite3_extended_errcode(database), message: String(cString: sqlite3_errmsg(database)), sql: sql
        )
        .withFallbackCode(code)
    }
}

extension SQLiteError {
    /// Keeps the extended code SQLite reported, or `code` when it reported none.
    fileprivate func withFallbackCode(_ code: Int32) -> SQLiteError {
        var error = self
        if error.code == SQLITE_OK { error.code = code }
        return error
    }
}
