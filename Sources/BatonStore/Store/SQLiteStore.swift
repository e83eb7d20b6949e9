import BatonCore
import Foundation

/// Baton's embedded store: one SQLite file in WAL mode, written by a single group-commit writer
/// thread and read through a pool of read-only connections; it provides every repository the
/// API needs.
///
/// Open it with `SQLiteStore.open(path:configuration:)`, which creates and migrates the file, and
/// refuses one that is not Baton's or is newer than this build. Every call is `async`; only
/// lookups of a row by key run on the caller's thread, everything else on the store's own
/// threads. Writes return once durable (`synchronous=FULL`).
public final class SQLiteStore: Sendable {
    /// The longest `like_` text a filter may hold, in UTF-8 bytes: SQLite refuses LIKE
    /// patterns over 50,000 bytes, and the text is matched as `%text%`.
    public static let longestContainsPattern = 50_000 - 2

    /// The database file.
    public let path: String
    let configuration: SQLiteStoreConfiguration
    let writer: GroupCommitWriter
    let readers: ReaderPool
    let checkpointer: Checkpointer
    let orchestrator: TaskRunOrchestrator

    private init(
        path: String, configuration: SQLiteStoreConfiguration, writer: GroupCommitWriter, readers: ReaderPool,
        checkpointer: Checkpointer
    ) {
        self.path = path
        self.configuration = configuration
        self.writer = writer
        self.readers = readers
        self.checkpointer = checkpointer
        self.orchestrator = TaskRunOrchestrator(settings: configuration.orchestration)
    }

    /// Opens (creating and migrating when needed) the database at `path`.
    ///
    /// Throws `StoreError.incompatibleDatabase` for a file that is not Baton's or was written by
    /// a newer Baton; such a file is left untouched.
    public static func open(path: String, configuration: SQLiteStoreConfiguration = SQLiteStoreConfiguration())
        async throws -> SQLiteStore
    {
        let checkpointer = Checkpointer(limits: configuration.walLimits)
        let writer = try await GroupCommitWriter.start(
            path: path, configuration: configuration, checkpointer: checkpointer)
        do {
            try await checkpointer.start(path: path, configuration: configuration)
            let readers = try await ReaderPool.start(path: path, configuration: configuration)
            return SQLiteStore(
                path: path, configuration: configuration, writer: writer, readers: readers, checkpointer: checkpointer)
        } catch {
            await writer.close()
            await checkpointer.close()
            throw error
        }
    }

    /// Finishes queued work and closes every connection; later calls fail with `unavailable`.
    public func close() async {
        // The writer first: its connection's WAL hook refers to the checkpointer.
        await writer.close()
        await readers.close()
        await checkpointer.close()
    }

    /// What the writer has committed so far; requests per transaction shows the group commit.
    public var writerStatistics: WriterStatistics {
        writer.statistics
    }

    /// The current instant on the microsecond grid the store persists.
    func now() -> Date {
        configuration.clock().roundedToMicroseconds
    }
}
