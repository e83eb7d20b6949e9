import Foundation
import Testing

@testable import BatonStore

/// Opening a file: Baton's own is created or migrated; anything else is refused untouched.
@Suite struct SchemaMigrationTests {
    static func pragma(_ name: String, of path: String) throws -> Int64? {
        try SQLiteConnection(path: path, mode: .readOnly).queryFirst("PRAGMA \(name)") { $0.int64(0) }
    }

    static func expectRefusal(of path: String, mentioning message: String) async throws {
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        do {
            let store = try await SQLiteStore.open(path: path)
            await store.close()
            Issue.record("expected the file to be refused")
        } catch let error as StoreError {
            guard case .incompatibleDatabase(let text) = error else { throw error }
            #expect(text.contains(message), "\(text)")
            #expect(text.contains(path))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before, "nothing is overwritten")
    }

    @Test func newFileGetsTheSchemaAndIsMarkedAsBatons() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("baton.db")
        let store = try await SQLiteStore.open(path: path)
        _ = try await store.createFlow(FlowCreate(name: "kept"))
        await store.close()
        #expect(try Self.pragma("application_id", of: path) == Int64(Schema.applicationID))
        #expect(try Self.pragma("user_version", of: path) == Int64(Schema.latestVersion))
        #expect(
            try SQLiteConnection(path: path, mode: .readOnly).queryFirst("PRAGMA journal_mode") { $0.string(0) }
                == "wal")

        let reopened = try await SQLiteStore.open(path: path)
        #expect(try await reopened.readFlows(nil, limit: 10, offset: 0).map(\.flow.name) == ["kept"])
        await reopened.close()
    }

    @Test func versionOneFileIsMigratedKeepingItsRows() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("v1.db")
        try SQLiteConnection(path: path, mode: .readWrite).execute(
            script: SchemaVersion1.migration.sql + """
                PRAGMA application_id = \(Schema.applicationID);
                PRAGMA user_version = 1;
                INSERT INTO flow (id, created, updated, name) VALUES ('00000000-0000-4000-8000-000000000001', 0, 0, 'kept');
                """)
        let store = try await SQLiteStore.open(path: path)
        #expect(try await store.readFlows(nil, limit: 10, offset: 0).map(\.flow.name) == ["kept"])
        await store.close()
        #expect(try Self.pragma("user_version", of: path) == 2)
        let nameIndexes = try SQLiteConnection(path: path, mode: .readOnly).queryFirst(
            "SELECT count(*) FROM sqlite_schema WHERE name = 'ix_task_run__name'"
        ) { $0.int64(0) }
        #expect(nameIndexes == 0)
    }

    @Test func emptyFileIsTreatedAsNew() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("empty.db")
        try #require(FileManager.default.createFile(atPath: path, contents: Data()))
        let store = try await SQLiteStore.open(path: path)
        await store.close()
        #expect(try Self.pragma("user_version", of: path) == Int64(Schema.latestVersion))
    }

    @Test func foreignSQLiteFileIsRefusedUntouched() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("other.db")
        try SQLiteConnection(path: path, mode: .readWrite).execute(script: "CREATE TABLE notes (body TEXT)")
        try await Self.expectRefusal(of: path, mentioning: "was not written by Baton")
    }

    @Test func fileOfANewerBatonIsRefusedUntouched() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("future.db")
        try await SQLiteStore.open(path: path).close()
        try SQLiteConnection(path: path, mode: .readWrite).execute(script: "PRAGMA user_version = 7")
        try await Self.expectRefusal(
            of: path,
            mentioning: "database file \(path) was written by a newer Baton (schema 7, this build knows "
                + "\(Schema.latestVersion)): upgrade Baton or point --database elsewhere")
    }

    @Test func fileThatIsNotSQLiteIsRefusedUntouched() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("notes.txt")
        try #require(
            FileManager.default.createFile(
                atPath: path, contents: Data(String(repeating: "not a database\n", count: 100).utf8)))
        try await Self.expectRefusal(of: path, mentioning: "is not a SQLite database")
    }
}
