import BatonCore
import Foundation
import Testing

@testable import BatonStore

/// Tag concurrency limits on SQLite: slots are taken inside the orchestration transaction, so
/// a tagged run neither hangs nor fails (Prefect's SQLite server does both).
@Suite struct TagConcurrencyTests {
    @Test func fullLimitWaitsAndCompletionReleasesTheSlot() async throws {
        try await StoreHarness.withStore { harness in
            _ = try await harness.store.createConcurrencyLimit(tag: "db", limit: 1)
            let first = try await harness.taskRun(tags: ["db", "other"])
            let second = try await harness.taskRun(tags: ["db"])

            #expect(try await harness.propose(.running, for: first.id).result.status == .accept)
            #expect(try await harness.store.readConcurrencyLimit(tag: "db")?.activeSlots == [first.id])

            let blocked = try await harness.propose(.running, for: second.id)
            #expect(blocked.result.status == .wait)
            #expect(
                blocked.result.details
                    == .wait(delaySeconds: 10, reason: "Concurrency limit for the db tag has been reached"))

            #expect(try await harness.propose(.completed, for: first.id).result.status == .accept)
            #expect(try await harness.store.readConcurrencyLimit(tag: "db")?.activeSlots == [])
            #expect(try await harness.propose(.running, for: second.id).result.status == .accept)
            #expect(try await harness.store.readConcurrencyLimit(tag: "db")?.activeSlots == [second.id])
        }
    }

    @Test func zeroLimitAborts() async throws {
        try await StoreHarness.withStore { harness in
            _ = try await harness.store.createConcurrencyLimit(tag: "never", limit: 0)
            let run = try await harness.taskRun(tags: ["never"])
            let outcome = try await harness.propose(.running, for: run.id)
            #expect(outcome.result.status == .abort)
            #expect(
                outcome.result.details.reason
                    == "The concurrency limit on tag \"never\" is 0 and will deadlock if the task tries to run again.")
        }
    }

    @Test func forcedFailureStillReleasesTheSlot() async throws {
        try await StoreHarness.withStore { harness in
            _ = try await harness.store.createConcurrencyLimit(tag: "db", limit: 1)
            let first = try await harness.taskRun(tags: ["db"])
            let second = try await harness.taskRun(tags: ["db"])
            try await harness.propose(.running, for: first.id)
            #expect(try await harness.propose(.running, for: second.id).result.status == .wait)
            try await harness.propose(.failed, for: first.id, force: true)
            #expect(try await harness.propose(.running, for: second.id).result.status == .accept)
        }
    }

    @Test func runningAgainDoesNotTakeASecondSlot() async throws {
        try await StoreHarness.withStore { harness in
            _ = try await harness.store.createConcurrencyLimit(tag: "db", limit: 2)
            let run = try await harness.taskRun(tags: ["db"])
            try await harness.propose(.running, for: run.id)
            try await harness.propose(.running, for: run.id)
            #expect(try await harness.store.readConcurrencyLimit(tag: "db")?.activeSlots == [run.id])
        }
    }

    @Test func concurrentStartsNeverExceedTheLimit() async throws {
        try await StoreHarness.withStore { harness in
            _ = try await harness.store.createConcurrencyLimit(tag: "db", limit: 3)
            var runs: [TaskRun] = []
            for _ in 0..<12 { runs.append(try await harness.taskRun(tags: ["db"])) }
            let statuses = try await withThrowingTaskGroup(of: SetStateStatus.self) { group in
                for run in runs {
                    group.addTask { try await harness.propose(.running, for: run.id).result.status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .accept }.count == 3)
            #expect(statuses.filter { $0 == .wait }.count == 9)
            #expect(try await harness.store.readConcurrencyLimit(tag: "db")?.activeSlots.count == 3)
        }
    }
}
