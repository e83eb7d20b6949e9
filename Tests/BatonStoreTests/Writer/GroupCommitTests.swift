import BatonCore
import Foundation
import Synchronization
import Testing

@testable import BatonStore

/// The group-commit writer: concurrent writes share one transaction, each in its own savepoint.
@Suite struct GroupCommitTests {
    /// Blocks the writer thread until `release()`, so that requests pile up behind it.
    final class WriterGate: Sendable {
        private let released = DispatchSemaphore(value: 0)
        private let entered = Atomic(false)

        /// Occupies the writer; returns once the writer thread is inside the blocking request.
        func block(_ store: SQLiteStore) async throws -> Task<Void, any Error> {
            let blocker = Task {
                try await store.writer.write { _ in
                    self.entered.store(true, ordering: .sequentiallyConsistent)
                    self.released.wait()
                }
            }
            while !entered.load(ordering: .sequentiallyConsistent) {
                try await Task.sleep(for: .milliseconds(1))
            }
            return blocker
        }

        func release() {
            released.signal()
        }
    }

    /// How many writers answered `true`, and what the others threw.
    static func outcomes(of writers: [Task<Bool, any Error>]) async throws -> (created: Int, failures: [StoreError]) {
        var created = 0
        var failures: [StoreError] = []
        for writer in writers {
            do {
                created += try await writer.value ? 1 : 0
            } catch let error as StoreError {
                failures.append(error)
            }
        }
        return (created, failures)
    }

    static func waitUntil(pending count: Int, in store: SQLiteStore) async throws {
        while store.writer.pendingCount < count {
            try await Task.sleep(for: .milliseconds(1))
        }
    }

    @Test func sixtyFourWritersShareOneTransactionAndOneFailureRollsBackAlone() async throws {
        try await StoreHarness.withStore { harness in
            let store = harness.store
            let taken = try await harness.taskRun(key: "taken", dynamicKey: "0")
            let gate = WriterGate()
            let blocker = try await gate.block(store)
            let before = store.writerStatistics

            var writers: [Task<Bool, any Error>] = []
            func enqueue(_ create: TaskRunCreate) async throws {
                writers.append(Task { try await store.createTaskRun(create).created })
                try await Self.waitUntil(pending: writers.count, in: store)
            }
            for index in 0..<32 { try await enqueue(TaskRunCreate(taskKey: "k", dynamicKey: "\(index)")) }
            // Mid-batch: reuses an existing id under other keys, so its insert fails.
            try await enqueue(TaskRunCreate(id: taken.id, taskKey: "other", dynamicKey: "0"))
            for index in 32..<63 { try await enqueue(TaskRunCreate(taskKey: "k", dynamicKey: "\(index)")) }
            gate.release()
            try await blocker.value

            let (created, failures) = try await Self.outcomes(of: writers)
            #expect(created == 63)
            #expect(failures.count == 1)
            if case .alreadyExists = failures.first {} else { Issue.record("expected alreadyExists, got \(failures)") }
            #expect(try await harness.store.countTaskRuns(.init()) == 64)
            let after = store.writerStatistics
            #expect(after.requests - before.requests == 65, "the blocker, then 64 writers")
            #expect(after.transactions - before.transactions == 2, "the blocker's transaction, then one for all 64")
            #expect(after.restarts == before.restarts, "the failed INSERT wrote nothing, so no savepoints were needed")
        }
    }

    /// The failing request changes rows before it throws, so the batch is started over with
    /// savepoints: its rows are gone, everyone else's committed, still in one transaction.
    @Test func aWriteFailingAfterItsInsertMidBatchRollsBackAlone() async throws {
        try await StoreHarness.withStore { harness in
            let store = harness.store
            let gate = WriterGate()
            let blocker = try await gate.block(store)
            let before = store.writerStatistics

            var writers: [Task<Bool, any Error>] = []
            func enqueue(_ work: @escaping @Sendable () async throws -> Bool) async throws {
                writers.append(Task(operation: work))
                try await Self.waitUntil(pending: writers.count, in: store)
            }
            for index in 0..<10 {
                try await enqueue { try await store.createTaskRun(TaskRunCreate(taskKey: "k", dynamicKey: "\(index)")).created }
            }
            try await enqueue {
                try await store.writer.write { connection in
                    try TaskRunTable(connection: connection).insert(
                        TaskRun(id: UUID(), created: .now, updated: .now, name: "n", taskKey: "doomed", dynamicKey: "0"))
                    throw StoreError.internal("fails after its insert")
                }
            }
            for index in 10..<20 {
                try await enqueue { try await store.createTaskRun(TaskRunCreate(taskKey: "k", dynamicKey: "\(index)")).created }
            }
            gate.release()
            try await blocker.value

            let (created, failures) = try await Self.outcomes(of: writers)
            #expect(created == 20)
            #expect(failures == [.internal("fails after its insert")])
            #expect(try await store.countTaskRuns(.init()) == 20)
            let doomed = TaskRunQueryFilters(taskRuns: TaskRunFilter(name: .init(anyOf: ["n"])))
            #expect(try await store.countTaskRuns(doomed) == 0)
            let after = store.writerStatistics
            #expect(after.transactions - before.transactions == 2, "the blocker's transaction, then one for all 21")
            #expect(after.restarts - before.restarts == 1, "started over once, with savepoints")
        }
    }

    @Test func aFailedWriteLeavesNothingBehind() async throws {
        try await StoreHarness.withStore { harness in
            do {
                try await harness.store.writer.write { connection -> Void in
                    try TaskRunTable(connection: connection).insert(
                        TaskRun(id: UUID(), created: .now, updated: .now, name: "n", taskKey: "k", dynamicKey: "0"))
                    throw StoreError.internal("fails after its insert")
                }
                Issue.record("expected the write to fail")
            } catch let error as StoreError {
                #expect(error == .internal("fails after its insert"))
            }
            let count = try await harness.store.countTaskRuns(.init())
            #expect(count == 0)
        }
    }

    @Test func writesAfterCloseAreUnavailable() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await SQLiteStore.open(path: directory.path("baton.db"))
        await store.close()
        await #expect(throws: StoreError.unavailable("The store is closed.")) {
            try await store.createTaskRun(TaskRunCreate(taskKey: "k", dynamicKey: "0"))
        }
        await #expect(throws: StoreError.unavailable("The store is closed.")) {
            try await store.readTaskRun(id: UUID())
        }
    }

    @Test func busyDatabaseIsUnavailable() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("baton.db")
        let store = try await SQLiteStore.open(
            path: path, configuration: SQLiteStoreConfiguration(busyTimeoutMilliseconds: 50))
        // Another connection (as another process would) holds the write lock.
        let other = try SQLiteConnection(path: path, mode: .readWrite)
        try other.execute(script: "BEGIN IMMEDIATE")
        do {
            _ = try await store.createTaskRun(TaskRunCreate(taskKey: "k", dynamicKey: "0"))
            Issue.record("expected unavailable")
        } catch let error as StoreError {
            if case .unavailable = error {} else { Issue.record("expected unavailable, got \(error)") }
        }
        try other.execute(script: "ROLLBACK")
        #expect(try await store.createTaskRun(TaskRunCreate(taskKey: "k", dynamicKey: "0")).created)
        await store.close()
    }
}
