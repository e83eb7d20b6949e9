import Foundation
import Synchronization

/// A small pool of read-only connections, each on its own thread, that serve reads in arrival
/// order; plus as many connections lent to callers for point reads on their own thread.
///
/// In WAL mode readers never block the writer and see every transaction committed before their
/// statement began, so a read that follows an acknowledged write sees it.
final class ReaderPool: Sendable {
    private struct Queue {
        var pending: [ReadRequest] = []
        var isClosed = false
        var runningThreads = 0
        var stopWaiters: [CheckedContinuation<Void, Never>] = []
    }

    /// One waiting read: runs on some reader's connection and answers its caller.
    private struct ReadRequest: Sendable {
        let perform: @Sendable (SQLiteConnection) -> Void
        let reject: @Sendable (StoreError) -> Void
    }

    /// A connection that is lent to one caller at a time.
    private final class LentConnection: @unchecked Sendable {
        let connection: SQLiteConnection
        init(_ connection: SQLiteConnection) { self.connection = connection }
    }

    /// The connections for `readRow`.
    private struct Lending {
        var idle: [LentConnection] = []
        var lentOut = 0
        var isClosed = false
        /// `close` calls waiting for the connections lent out to come back.
        var closeWaiters: [CheckedContinuation<Void, Never>] = []
    }

    /// Page caches: a thread's queries scan indexes, a lent connection's lookups touch a few
    /// pages. Together they stay well inside the server's memory budget.
    private static let threadCacheKilobytes = 4_096
    private static let lentCacheKilobytes = 1_024

    private let queue = Mutex(Queue())
    private let lending = Mutex(Lending())
    /// Signalled once per queued request, and once per thread when closing.
    private let available = DispatchSemaphore(value: 0)
    private let threadCount: Int

    private init(threadCount: Int) {
        self.threadCount = threadCount
    }

    /// Opens `count` read-only connections on their own threads.
    static func start(path: String, configuration: SQLiteStoreConfiguration) async throws -> ReaderPool {
        let pool = ReaderPool(threadCount: max(1, configuration.readerCount))
        let timeout = configuration.busyTimeoutMilliseconds
        // No busy timeout: a lookup must not sleep on one of the few cooperative threads.
        let lent = try (0..<pool.threadCount).map { _ in
            LentConnection(
                try SQLiteConnection.openReader(
                    path: path, busyTimeoutMilliseconds: 0, cacheKilobytes: Self.lentCacheKilobytes))
        }
        pool.lending.withLock { $0.idle = lent }
        for index in 0..<pool.threadCount {
            pool.queue.withLock { $0.runningThreads += 1 }
            do {
                try await ConnectionThread.start(
                    name: "baton-sqlite-reader-\(index)",
                    open: {
                        try SQLiteConnection.openReader(
                            path: path, busyTimeoutMilliseconds: timeout, cacheKilobytes: Self.threadCacheKilobytes)
                    },
                    serve: { pool.serve($0) },
                    onExit: { pool.threadDidExit() })
            } catch {
                await pool.close()
                throw error
            }
        }
        return pool
    }

    /// Runs `work` on a reader connection and returns its value.
    func read<Value: Sendable>(_ work: @escaping @Sendable (SQLiteConnection) throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { (caller: CheckedContinuation<Value, any Error>) in
            let request = ReadRequest(
                perform: { connection in
                    do {
                        caller.resume(returning: try work(connection))
                    } catch {
                        caller.resume(throwing: StoreError(error))
                    }
                },
                reject: { caller.resume(throwing: $0) })
            let accepted = queue.withLock { queue -> Bool in
                guard !queue.isClosed else { return false }
                queue.pending.append(request)
                return true
            }
            if accepted {
                available.signal()
            } else {
                request.reject(.unavailable("The store is closed."))
            }
        }
    }

    /// Runs `work` — a lookup of a few rows by key, tens of microseconds — on the calling thread
    /// with a lent connection when one is idle, else as `read` does. Handing such a read to a
    /// reader thread and back costs more than the read itself. A lookup that finds the
    /// database locked (another process, WAL recovery) is handed to a reader thread, which may
    /// wait for the lock.
    func readRow<Value: Sendable>(_ work: @escaping @Sendable (SQLiteConnection) throws -> Value) async throws
        -> Value
    {
        let lent = lending.withLock { lending -> LentConnection? in
            guard !lending.isClosed, let lent = lending.idle.popLast() else { return nil }
            lending.lentOut += 1
            return lent
        }
        guard let lent else { return try await read(work) }
        let outcome = Result { try work(lent.connection) }
        giveBack(lent)
        switch outcome {
        case .success(let value):
            return value
        case .failure(let error as SQLiteError) where error.isBusy:
            return try await read(work)
        case .failure(let error):
            throw StoreError(error)
        }
    }

    /// A connection given back after `close` is dropped, which closes it; the last one to come
    /// back lets `close` finish.
    private func giveBack(_ lent: LentConnection) {
        let closeWaiters = lending.withLock { lending -> [CheckedContinuation<Void, Never>] in
            lending.lentOut -= 1
            guard lending.isClosed else {
                lending.idle.append(lent)
                return []
            }
            guard lending.lentOut == 0 else { return [] }
            defer { lending.closeWaiters = [] }
            return lending.closeWaiters
        }
        for waiter in closeWaiters { waiter.resume() }
    }

    /// Serves the reads already queued, then closes every connection.
    func close() async {
        await closeLentConnections()
        await withCheckedContinuation { (stopped: CheckedContinuation<Void, Never>) in
            let wakeCount = queue.withLock { queue -> Int in
                let wasClosed = queue.isClosed
                queue.isClosed = true
                guard queue.runningThreads > 0 else {
                    stopped.resume()
                    return 0
                }
                queue.stopWaiters.append(stopped)
                return wasClosed ? 0 : threadCount
            }
            for _ in 0..<wakeCount { available.signal() }
        }
    }

    /// Closes the idle lent connections and waits for the others to come back (and close).
    private func closeLentConnections() async {
        await withCheckedContinuation { (returned: CheckedContinuation<Void, Never>) in
            let isDone = lending.withLock { lending -> Bool in
                lending.isClosed = true
                lending.idle.removeAll()
                guard lending.lentOut > 0 else { return true }
                lending.closeWaiters.append(returned)
                return false
            }
            if isDone { returned.resume() }
        }
    }

    private func serve(_ connection: SQLiteConnection) {
        while true {
            available.wait()
            let request = queue.withLock { queue -> ReadRequest?? in
                if !queue.pending.isEmpty { return .some(queue.pending.removeFirst()) }
                return queue.isClosed ? .none : .some(nil)
            }
            switch request {
            case .none: return
            case .some(nil): continue
            case .some(let request?): request.perform(connection)
            }
        }
    }

    private func threadDidExit() {
        let waiters = queue.withLock { queue -> [CheckedContinuation<Void, Never>] in
            queue.runningThreads -= 1
            guard queue.runningThreads == 0 else { return [] }
            defer { queue.stopWaiters = [] }
            return queue.stopWaiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
