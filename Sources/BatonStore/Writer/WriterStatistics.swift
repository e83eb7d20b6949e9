/// Counters of the group-commit writer: how many transactions it committed, how many write
/// requests they carried (the batching), and where its time went.
public struct WriterStatistics: Sendable, Hashable {
    /// Transactions committed (each one fsync with `synchronous=FULL`).
    public var transactions: Int
    /// Write requests those transactions carried, failed ones included.
    public var requests: Int
    /// Time spent on batches, from BEGIN until every caller was answered.
    public var busyTime: Duration
    /// The part of `busyTime` spent in COMMIT: writing the WAL and waiting for its fsync.
    public var commitTime: Duration
    /// Transactions rolled back and run again with a savepoint per request, because a request
    /// failed after writing.
    public var restarts: Int
    /// Checkpoints the writer ran itself because the WAL passed `WALLimits.writerCheckpointFrames`,
    /// and the longest of them: the stall they cost the next batch.
    public var checkpoints: Int
    public var longestCheckpoint: Duration

    public init(
        transactions: Int = 0, requests: Int = 0, busyTime: Duration = .zero, commitTime: Duration = .zero,
        restarts: Int = 0, checkpoints: Int = 0, longestCheckpoint: Duration = .zero
    ) {
        self.transactions = transactions
        self.requests = requests
        self.busyTime = busyTime
        self.commitTime = commitTime
        self.restarts = restarts
        self.checkpoints = checkpoints
        self.longestCheckpoint = longestCheckpoint
    }
}
