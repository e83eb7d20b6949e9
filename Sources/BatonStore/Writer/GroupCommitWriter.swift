import Foundation
import Synchronization

/// The store's single writer: one connection on a dedicated thread that commits concurrent
/// write requests together (DESIGN.md, "Concurrency and durability").
///
/// Requests queue up while a transaction is being written; the writer then takes all waiting
/// requests, runs them in ONE transaction in which a failing request rolls back alone
/// (`GroupTransaction`), COMMITs once (one fsync with `synchronous=FULL`), and only then
/// answers every caller. A write call therefore returns once its transaction is durable.
final class GroupCommitWriter: Sendable {
    private struct Queue {
        var pending: [WriteRequest] = []
        var isClosed = false
        /// The writer found nothing to do and waits on `wakeUp`.
        var isWriterAsleep = false
        var hasStopped = false
        var stopWaiters: [CheckedContinuation<Void, Never>] = []
        var statistics = WriterStatistics()
    }

    private let queue = Mutex(Queue())
    private let wakeUp = DispatchSemaphore(value: 0)
    private let maximumBatchSize: Int
    private let checkpointer: Checkpointer

    private init(maximumBatchSize: Int, checkpointer: Checkpointer) {
        self.maximumBatchSize = maximumBatchSize
        self.checkpointer = checkpointer
    }

    /// Opens (and migrates) the database on a new writer thread whose checkpoints `checkpointer`
    /// runs, unless it asks the writer to.
    static func start(path: String, configuration: SQLiteStoreConfiguration, checkpointer: Checkpointer) async throws
        -> GroupCommitWriter
    {
        let writer = GroupCommitWriter(maximumBatchSize: configuration.maximumBatchSize, checkpointer: checkpointer)
        let timeout = configuration.busyTimeoutMilliseconds
        try await ConnectionThread.start(
            name: "baton-sqlite-writer",
            open: {
                let connection = try SQLiteConnection.openWriter(
                    path: path, busyTimeoutMilliseconds: timeout, walLimits: configuration.walLimits)
                connection.delegateCheckpoints(to: checkpointer)
                return connection
            },
            serve: { writer.serve($0) },
            onExit: { writer.didStop() })
        return writer
    }

    /// Runs `work` in the next group transaction; returns its value once that transaction has
    /// committed, or throws its error (its changes rolled back alone) or the commit's.
    ///
    /// `work` may run more than once (a batch is started over when another request fails after
    /// writing), so it must act only through the connection.
    func write<Value: Sendable>(_ work: @escaping @Sendable (SQLiteConnection) throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { caller in
            enqueue(WriteRequest(work, answering: caller))
        }
    }

    /// What the writer has committed so far.
    var statistics: WriterStatistics {
        queue.withLock { $0.statistics }
    }

    /// Requests waiting for the next transaction.
    var pendingCount: Int {
        queue.withLock { $0.pending.count }
    }

    /// Finishes the requests already queued, refuses new ones, and closes the connection.
    func close() async {
        await withCheckedContinuation { (stopped: CheckedContinuation<Void, Never>) in
            let wake = queue.withLock { queue -> Bool in
                queue.isClosed = true
                guard !queue.hasStopped else {
                    stopped.resume()
                    return false
                }
                queue.stopWaiters.append(stopped)
                defer { queue.isWriterAsleep = false }
                return queue.isWriterAsleep
            }
            if wake { wakeUp.signal() }
        }
    }

    private func enqueue(_ request: WriteRequest) {
        let (accepted, wake) = queue.withLock { queue -> (Bool, Bool) in
            guard !queue.isClosed else { return (false, false) }
            queue.pending.append(request)
            defer { queue.isWriterAsleep = false }
            return (true, queue.isWriterAsleep)
        }
        if !accepted { request.reject(.unavailable("The store is closed.")) }
        if wake { wakeUp.signal() }
    }

    private func didStop() {
        let waiters = queue.withLock { queue -> [CheckedContinuation<Void, Never>] in
            queue.hasStopped = true
            queue.isClosed = true
            defer { queue.stopWaiters = [] }
            return queue.stopWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    // MARK: - The writer thread

    private func serve(_ connection: SQLiteConnection) {
        while let batch = nextBatch() {
            let start = ContinuousClock.now
            let outcome = GroupTransaction(connection: connection).run(batch)
            let busyTime = ContinuousClock.now - start
            let checkpointTime = checkpointIfDue(connection)
            queue.withLock {
                $0.statistics.transactions += outcome.committed
                $0.statistics.requests += batch.count
                $0.statistics.busyTime += busyTime
                $0.statistics.commitTime += outcome.commitTime
                $0.statistics.restarts += outcome.restarts
                if let checkpointTime {
                    $0.statistics.checkpoints += 1
                    $0.statistics.longestCheckpoint = max($0.statistics.longestCheckpoint, checkpointTime)
                }
            }
        }
    }

    /// Checkpoints when the checkpointer asks the writer to, and says how long that took.
    private func checkpointIfDue(_ connection: SQLiteConnection) -> Duration? {
        guard checkpointer.isWriterDue else { return nil }
        let start = ContinuousClock.now
        // Busy while the background pass runs, or partial while a reader holds an old snapshot:
        // then it is tried again after the next batch.
        try? connection.execute(script: Checkpointer.passiveCheckpoint)
        return ContinuousClock.now - start
    }

    /// Waits for requests and takes up to `maximumBatchSize` of them; `nil` once closed and drained.
    private func nextBatch() -> [WriteRequest]? {
        while true {
            let batch = queue.withLock { queue -> [WriteRequest]? in
                if queue.pending.isEmpty {
                    if queue.isClosed { return nil }
                    queue.isWriterAsleep = true
                    return []
                }
                let count = min(queue.pending.count, maximumBatchSize)
                defer { queue.pending.removeFirst(count) }
                return Array(queue.pending.prefix(count))
            }
            guard let batch else { return nil }
            if !batch.isEmpty { return batch }
            wakeUp.wait()
        }
    }
}
