import BatonCore
import Foundation
import Testing

@testable import BatonStore

/// Idempotent create under concurrency: identical creates racing each other yield one row, and
/// exactly one caller is told it created it.
@Suite struct ConcurrentCreateTests {
    static func createConcurrently(_ create: TaskRunCreate, times: Int, in store: SQLiteStore) async throws
        -> [TaskRunCreation]
    {
        try await withThrowingTaskGroup(of: TaskRunCreation.self) { group in
            for _ in 0..<times {
                group.addTask { try await store.createTaskRun(create) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    @Test func eightDuplicatesUnderAFlowRunMakeOneRow() async throws {
        try await StoreHarness.withStore { harness in
            let flowRun = try await harness.flowRun()
            let create = TaskRunCreate(flowRunID: flowRun.id, taskKey: "k", dynamicKey: "0")
            let creations = try await Self.createConcurrently(create, times: 8, in: harness.store)
            #expect(creations.filter(\.created).count == 1)
            #expect(Set(creations.map(\.run.id)).count == 1)
            #expect(try await harness.store.countTaskRuns(.init()) == 1)
        }
    }

    @Test func eightDuplicatesWithoutAFlowRunMakeOneRow() async throws {
        try await StoreHarness.withStore { harness in
            let create = TaskRunCreate(taskKey: "k", dynamicKey: "0")
            let creations = try await Self.createConcurrently(create, times: 8, in: harness.store)
            #expect(creations.filter(\.created).count == 1)
            #expect(Set(creations.map(\.run.id)).count == 1)
            #expect(try await harness.store.countTaskRuns(.init()) == 1)
        }
    }

    /// The partial unique index holds even for a writer that skips the store's lookup, such as
    /// another process.
    @Test func databaseRefusesASecondAutonomousRowWithTheSameKeys() async throws {
        try await StoreHarness.withStore { harness in
            try await harness.taskRun(key: "k", dynamicKey: "0")
            await #expect(throws: StoreError.self) {
                try await harness.store.writer.write { connection in
                    try connection.execute(
                        "INSERT INTO task_run (id, created, updated, name, task_key, dynamic_key) "
                            + "VALUES (?, 0, 0, 'x', 'k', '0')",
                        [UUID()])
                }
            }
        }
    }
}
