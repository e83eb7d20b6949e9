extension SQLiteConnection {
    /// Opens the writer's connection: refuses a foreign or newer file, then switches to WAL with
    /// `synchronous=FULL`, turns foreign keys on and migrates the schema.
    static func openWriter(path: String, busyTimeoutMilliseconds: Int, walLimits: WALLimits) throws
        -> SQLiteConnection
    {
        let connection = try SQLiteConnection(path: path, mode: .readWrite)
        try connection.execute(script: "PRAGMA busy_timeout = \(busyTimeoutMilliseconds)")
        try SchemaMigrator.checkIdentity(of: connection)
        let journalMode = try connection.queryFirst("PRAGMA journal_mode = WAL") { $0.string(0) }
        guard journalMode?.lowercased() == "wal" else {
            throw StoreError.internal("\(path): SQLite refused WAL mode (journal_mode is \(journalMode ?? "unknown"))")
        }
        // FULL: a commit is on disk before the write call returns, power cuts included.
        // secure_delete FAST: Debian's build zeroes deleted content by default, which costs
        // extra page writes; FAST still zeroes it when that is free.
        // journal_size_limit: when the log starts over, a file that one huge transaction grew past
        // twice the writer's checkpoint point is cut back to that.
        try connection.execute(
            script: """
                PRAGMA synchronous = FULL;
                PRAGMA foreign_keys = ON;
                PRAGMA secure_delete = FAST;
                PRAGMA cache_size = -16384;
                PRAGMA temp_store = MEMORY;
                PRAGMA journal_size_limit = \(walLimits.fileSizeLimit);
                """)
        try SchemaMigrator.migrate(connection)
        return connection
    }

    /// Opens the checkpointer's connection; checkpoints sync the database file as the writer would.
    static func openCheckpointer(path: String, busyTimeoutMilliseconds: Int) throws -> SQLiteConnection {
        let connection = try SQLiteConnection(path: path, mode: .readWrite)
        try connection.execute(
            script: """
                PRAGMA busy_timeout = \(busyTimeoutMilliseconds);
                PRAGMA synchronous = FULL;
                """)
        return connection
    }

    /// Opens one read-only connection of the reader pool; the writer has already prepared the file.
    ///
    /// Its page cache holds `cacheKilobytes`; pages it lacks come from the operating system's
    /// file cache, so a small cache costs copies, not disk reads. With a busy timeout of 0 a
    /// read that would wait for a lock fails at once with SQLITE_BUSY.
    static func openReader(path: String, busyTimeoutMilliseconds: Int, cacheKilobytes: Int) throws
        -> SQLiteConnection
    {
        let connection = try SQLiteConnection(path: path, mode: .readOnly)
        try connection.execute(
            script: """
                PRAGMA busy_timeout = \(busyTimeoutMilliseconds);
                PRAGMA cache_size = -\(cacheKilobytes);
                PRAGMA temp_store = MEMORY;
                """)
        return connection
    }
}
