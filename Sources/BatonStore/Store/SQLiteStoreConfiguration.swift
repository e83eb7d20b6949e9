import BatonCore
import Foundation

/// The settings a `SQLiteStore` opens with: pool size, busy timeout, batch size, orchestration
/// settings and clock. The defaults suit a server.
public struct SQLiteStoreConfiguration: Sendable {
    /// Read-only connections, each on its own thread.
    public var readerCount: Int
    /// How long a connection waits for another process's lock before giving up (→ UNAVAILABLE).
    public var busyTimeoutMilliseconds: Int
    /// Most write requests committed in one transaction.
    public var maximumBatchSize: Int
    /// When the WAL is checkpointed (see `WALLimits`).
    public var walLimits: WALLimits
    /// Settings the orchestration rules read.
    public var orchestration: OrchestrationSettings
    /// The server clock; the store rounds its readings to microseconds. Tests pin it.
    public var clock: @Sendable () -> Date

    public init(
        readerCount: Int = 4,
        busyTimeoutMilliseconds: Int = 5_000,
        maximumBatchSize: Int = 1_000,
        walLimits: WALLimits = WALLimits(),
        orchestration: OrchestrationSettings = OrchestrationSettings(),
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.readerCount = readerCount
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        self.maximumBatchSize = maximumBatchSize
        self.walLimits = walLimits
        self.orchestration = orchestration
        self.clock = clock
    }
}

/// How large the write-ahead log may grow, in frames (one 4 KB page each).
///
/// Past `backgroundCheckpointFrames` a PASSIVE checkpoint runs on its own thread. Under steady
/// writes that checkpoint never reaches the end of the log (new frames land while it copies), and
/// SQLite starts the log over only once every frame is copied; so past `writerCheckpointFrames`
/// the writer finishes the checkpoint itself between two transactions, copying the few frames
/// the background pass has not, and the next commit writes from the start of the file again.
public struct WALLimits: Sendable {
    public var backgroundCheckpointFrames: Int32
    public var writerCheckpointFrames: Int32

    /// SQLite's own automatic-checkpoint threshold (about 4 MB), and eight times that.
    public init(backgroundCheckpointFrames: Int32 = 1_000, writerCheckpointFrames: Int32 = 8_000) {
        self.backgroundCheckpointFrames = backgroundCheckpointFrames
        self.writerCheckpointFrames = max(writerCheckpointFrames, backgroundCheckpointFrames)
    }

    /// Twice the bytes of `writerCheckpointFrames` frames of 4 KB pages.
    var fileSizeLimit: Int {
        2 * Int(writerCheckpointFrames) * (4_096 + 24)
    }
}
