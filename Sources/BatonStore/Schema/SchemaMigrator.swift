import CSQLite

/// Brings a database file to the latest schema, or refuses it untouched when it is not Baton's
/// or was written by a newer Baton.
///
/// The identity check reads only; nothing is written (not even the switch to WAL) before it
/// passed.
enum SchemaMigrator {
    /// What a file's header says about it.
    private struct Identity {
        var applicationID: Int32
        var version: Int32
        var isEmpty: Bool
    }

    /// Refuses a foreign or newer file with `StoreError.incompatibleDatabase`.
    static func checkIdentity(of connection: SQLiteConnection) throws {
        try check(try readIdentity(of: connection), path: connection.path)
    }

    /// Applies every migration the file lacks, each in its own transaction.
    ///
    /// The identity is read again inside each transaction, so two processes opening one new
    /// file cannot both migrate it.
    static func migrate(_ connection: SQLiteConnection) throws {
        while true {
            try connection.execute(script: "BEGIN IMMEDIATE")
            do {
                let identity = try readIdentity(of: connection)
                try check(identity, path: connection.path)
                guard identity.version < Schema.latestVersion else {
                    try connection.execute(script: "COMMIT")
                    return
                }
                let migration = Schema.migrations[Int(identity.version)]
                try connection.execute(script: migration.sql)
                try connection.execute(
                    script: """
                        PRAGMA application_id = \(Schema.applicationID);
                        PRAGMA user_version = \(migration.version);
                        """)
                try connection.execute(script: "COMMIT")
            } catch {
                try? connection.execute(script: "ROLLBACK")
                throw error
            }
        }
    }

    private static func readIdentity(of connection: SQLiteConnection) throws -> Identity {
        do {
            let applicationID = try connection.queryFirst("PRAGMA application_id") {
                Int32(truncatingIfNeeded: $0.int64(0))
            }
            let version = try connection.queryFirst("PRAGMA user_version") { Int32(truncatingIfNeeded: $0.int64(0)) }
            let objectCount = try connection.queryFirst("SELECT count(*) FROM sqlite_schema") { $0.int(0) }
            return Identity(applicationID: applicationID ?? 0, version: version ?? 0, isEmpty: objectCount == 0)
        } catch let error as SQLiteError where error.primaryCode == SQLITE_NOTADB {
            throw StoreError.incompatibleDatabase(
                "\(connection.path) is not a SQLite database, so not Baton's: point --database elsewhere")
        }
    }

    private static func check(_ identity: Identity, path: String) throws {
        let isNew = identity.isEmpty && identity.applicationID == 0 && identity.version == 0
        if !isNew && identity.applicationID != Schema.applicationID {
            throw StoreError.incompatibleDatabase(
                "database file \(path) was not written by Baton (application_id \(identity.applicationID), "
                    + "expected \(Schema.applicationID)): point --database elsewhere")
        }
        if identity.version > Schema.latestVersion {
            throw StoreError.incompatibleDatabase(
                "database file \(path) was written by a newer Baton (schema \(identity.version), this build "
                    + "knows \(Schema.latestVersion)): upgrade Baton or point --database elsewhere")
        }
    }
}
