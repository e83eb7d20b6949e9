import CSQLite

/// One open SQLite database handle with its cache of prepared statements.
///
/// Not thread-safe by design: one thread uses a connection at a time (the writer's thread, a
/// reader thread, or a caller that borrowed it from the reader pool), so SQLite is opened
/// without its own mutexes.
final class SQLiteConnection {
    /// How a connection may touch the file.
    enum Mode {
        /// Reads and writes; creates the file when it is missing.
        case readWrite
        /// Reads only; the file must exist.
        case readOnly
    }

    /// Dynamic filter SQL has many shapes; past this many cached statements the cache starts over.
    private static let statementCacheLimit = 256

    let path: String
    private let handle: OpaquePointer
    private var statements: [String: SQLiteStatement] = [:]

    init(path: String, mode: Mode) throws {
        let access = mode == .readWrite ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY
        var handle: OpaquePointer?
        let code = sqlite3_open_v2(path, &handle, access | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE, nil)
        guard code == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_close_v2(handle)
            throw SQLiteError(code: code, message: "cannot open \(path): \(message)")
        }
        self.path = path
        self.handle = handle
    }

    deinit {
        statements.removeAll()
        // close_v2 waits for statements still referenced elsewhere to be finalized.
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements that take no parameters (schema scripts, pragmas).
    func execute(script: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, script, nil, nil, &message)
        defer { sqlite3_free(message) }
        guard code == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            throw SQLiteError(code: sqlite3_extended_errcode(handle), message: text, sql: script)
        }
    }

    /// The prepared statement for `sql`, from the cache when it was prepared before.
    func prepare(_ sql: String) throws -> SQLiteStatement {
        if let statement = statements[sql] { return statement }
        if statements.count >= Self.statementCacheLimit { statements.removeAll() }
        let statement = try SQLiteStatement(sql: sql, database: handle)
        statements[sql] = statement
        return statement
    }

    /// Runs `sql` with `parameters`, ignoring any rows.
    func execute(_ sql: String, _ parameters: [any SQLiteValueConvertible] = []) throws {
        try prepare(sql).execute(parameters)
    }

    /// The rows of `sql`, each read by `read`.
    func query<Row>(_ sql: String, _ parameters: [any SQLiteValueConvertible] = [], _ read: (SQLiteRow) throws -> Row)
        throws -> [Row]
    {
        try prepare(sql).query(parameters, read)
    }

    /// The text and blob bytes a page a client asked for may hold: 200 rows whose tags each
    /// fill a 4 MiB request would otherwise be decoded in full (hundreds of MB) only for the
    /// 4 MiB response limit to refuse them.
    static let pageByteLimit = 8 * 1024 * 1024

    /// The rows of a page a client asked for, each read by `read`: `query`, but past
    /// `pageByteLimit` it throws `StoreError.resourceExhausted` instead of reading more.
    func queryPage<Row>(
        _ sql: String, _ parameters: [any SQLiteValueConvertible], _ read: (SQLiteRow) throws -> Row
    ) throws -> [Row] {
        try prepare(sql).query(parameters, byteLimit: Self.pageByteLimit, read)
    }

    /// The first row of `sql` read by `read`, or `nil`.
    func queryFirst<Row>(
        _ sql: String, _ parameters: [any SQLiteValueConvertible] = [], _ read: (SQLiteRow) throws -> Row
    ) throws -> Row? {
        try prepare(sql).queryFirst(parameters, read)
    }

    /// Hands checkpoints over to `checkpointer`: after every commit SQLite reports the WAL's size
    /// to it instead of checkpointing on this connection's thread.
    ///
    /// `checkpointer` must outlive this connection (it is not retained).
    func delegateCheckpoints(to checkpointer: Checkpointer) {
        sqlite3_wal_hook(
            handle,
            { context, _, _, frames in
                Unmanaged<Checkpointer>.fromOpaque(context!).takeUnretainedValue().walDidGrow(toFrames: frames)
                return SQLITE_OK
            }, Unmanaged.passUnretained(checkpointer).toOpaque())
    }

    /// Rows inserted, updated or deleted by the last statement.
    var changes: Int { Int(sqlite3_changes64(handle)) }

    /// Rows inserted, updated or deleted since the connection opened, by triggers and foreign-key
    /// actions too. Any write of a statement moves it, so an unchanged count means nothing was
    /// written.
    var totalChanges: Int { Int(sqlite3_total_changes64(handle)) }

    /// Whether a transaction is open; SQLite ends one by itself after some errors.
    var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }
}
