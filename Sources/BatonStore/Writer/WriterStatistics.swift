/// Counters of the group-commit writer: how many transactions it committed and how many write
/// requests they carried, so the batching is visible (requests per transaction).
public struct WriterStatistics: Sendable, Hashable {
    /// Transactions committed (each one fsync with `synchronous=FULL`).
    public var transactions: Int
    /// Write requests those transactions carried, failed ones included.
    public var requests: Int

    public init(transactions: Int = 0, requests: Int = 0) {
        self.transactions = transactions
        self.requests = requests
    }
}
