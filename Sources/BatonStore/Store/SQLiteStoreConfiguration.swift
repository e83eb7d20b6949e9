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
    /// Settings the orchestration rules read.
    public var orchestration: OrchestrationSettings
    /// The server clock; the store rounds its readings to microseconds. Tests pin it.
    public var clock: @Sendable () -> Date

    public init(
        readerCount: Int = 4,
        busyTimeoutMilliseconds: Int = 5_000,
        maximumBatchSize: Int = 1_000,
        orchestration: OrchestrationSettings = OrchestrationSettings(),
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.readerCount = readerCount
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        self.maximumBatchSize = maximumBatchSize
        self.orchestration = orchestration
        self.clock = clock
    }
}
