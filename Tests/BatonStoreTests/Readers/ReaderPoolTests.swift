import BatonCore
import Foundation
import Synchronization
import Testing

@testable import BatonStore

/// Point reads borrow a connection on the caller's thread; when none is free they queue for the
/// reader threads instead of waiting for one.
///
/// Each test keeps one lent connection busy by blocking inside the read, on a thread of its own
/// rather than one of the cooperative pool, which every other test of the run needs.
@Suite(.timeLimit(.minutes(1))) struct ReaderPoolTests {
    /// Starts a point read that holds its connection until `release` is signalled.
    static func holdConnection(of store: SQLiteStore, until release: DispatchSemaphore) async throws
        -> Task<Int, any Error>
    {
        let lent = Atomic(false)
        let holder = Task(executorPreference: OwnThreadExecutor()) {
            try await store.readers.readRow { connection in
                lent.store(true, ordering: .sequentiallyConsistent)
                release.wait()
                return try connection.queryFirst("SELECT count(*) FROM task_run") { $0.int(0) } ?? -1
            }
        }
        while !lent.load(ordering: .sequentiallyConsistent) {
            try await Task.sleep(for: .milliseconds(1))
        }
        return holder
    }

    @Test func pointReadsGoOnWhileTheOnlyLentConnectionIsBusy() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await SQLiteStore.open(
            path: directory.path("baton.db"), configuration: SQLiteStoreConfiguration(readerCount: 1))
        let created = try await store.createTaskRun(TaskRunCreate(taskKey: "k", dynamicKey: "0")).run
        let release = DispatchSemaphore(value: 0)
        let holder = try await Self.holdConnection(of: store, until: release)
        defer { release.signal() }

        #expect(try await store.readTaskRun(id: created.id)?.id == created.id, "served by a reader thread")
        release.signal()
        #expect(try await holder.value == 1)
        await store.close()
    }

    @Test func closingWaitsForALentConnectionToComeBack() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await SQLiteStore.open(path: directory.path("baton.db"))
        let release = DispatchSemaphore(value: 0)
        let holder = try await Self.holdConnection(of: store, until: release)
        defer { release.signal() }

        let closed = Atomic(false)
        let closing = Task {
            await store.close()
            closed.store(true, ordering: .sequentiallyConsistent)
        }
        try await Task.sleep(for: .milliseconds(200))
        let closedEarly = closed.load(ordering: .sequentiallyConsistent)
        #expect(!closedEarly, "the lookup in progress still holds its connection")
        release.signal()
        #expect(try await holder.value == 0, "the lookup in progress finishes")
        await closing.value
        #expect(!FileManager.default.fileExists(atPath: directory.path("baton.db-wal")), "the last connection reset the WAL")
        await #expect(throws: StoreError.unavailable("The store is closed.")) {
            try await store.readTaskRun(id: UUID())
        }
    }
}

/// Runs its jobs on a Dispatch queue of its own, whose thread may block without taking one of
/// the cooperative pool's few threads.
final class OwnThreadExecutor: TaskExecutor {
    private let queue = DispatchQueue(label: "baton-tests.own-thread")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
