import BatonCore
import Foundation
import Testing

@testable import BatonStore

@Suite struct LogAndConcurrencyLimitTests {
    @Test func logsAreStoredInABatchAndFiltered() async throws {
        try await StoreHarness.withStore { harness in
            let t = harness.clock.now
            let flowRun = UUID()
            let taskRun = UUID()
            let count = try await harness.store.createLogs([
                LogCreate(name: "a", level: 10, message: "debug", timestamp: t, flowRunID: flowRun),
                LogCreate(
                    name: "a", level: 40, message: "error", timestamp: t.addingTimeInterval(2), flowRunID: flowRun,
                    taskRunID: taskRun),
                LogCreate(name: "b", level: 20, message: "info", timestamp: t.addingTimeInterval(1)),
            ])
            #expect(count == 3)
            let read = { (filter: LogFilter?, sort: LogSort) in
                try await harness.store.readLogs(filter, sort: sort, limit: 200, offset: 0).map(\.message)
            }
            #expect(try await read(nil, .timestampAscending) == ["debug", "info", "error"])
            #expect(try await read(nil, .timestampDescending) == ["error", "info", "debug"])
            #expect(try await read(LogFilter(levelAtLeast: 20), .default) == ["info", "error"])
            #expect(try await read(LogFilter(levelAtMost: 20), .default) == ["debug", "info"])
            #expect(try await read(LogFilter(flowRunIDs: [flowRun]), .default) == ["debug", "error"])
            #expect(try await read(LogFilter(flowRunIDs: []), .default) == [])
            #expect(try await read(LogFilter(taskRunIDs: [taskRun]), .default) == ["error"])
            #expect(try await read(LogFilter(taskRunIDIsNull: true), .default) == ["debug", "info"])
            #expect(
                try await read(LogFilter(timestamp: .init(before: t.addingTimeInterval(1))), .default) == [
                    "debug", "info",
                ])
            #expect(
                try await read(LogFilter(operator: .or, levelAtLeast: 40, taskRunIDIsNull: true), .default) == [
                    "debug", "info", "error",
                ])
            #expect(
                try await harness.store.readLogs(nil, sort: .default, limit: 1, offset: 1).map(\.message) == ["info"])
        }
    }

    @Test func limitsUpsertByTagKeepingSlots() async throws {
        try await StoreHarness.withStore { harness in
            let created = try await harness.store.createConcurrencyLimit(tag: "db", limit: 2)
            #expect(created.created)
            let run = try await harness.taskRun(tags: ["db"])
            try await harness.propose(.running, for: run.id)
            let changed = try await harness.store.createConcurrencyLimit(tag: "db", limit: 5)
            #expect(!changed.created)
            #expect(changed.value.id == created.value.id)
            #expect(changed.value.limit == 5)
            #expect(changed.value.activeSlots == [run.id])
            #expect(try await harness.store.readConcurrencyLimit(id: created.value.id) == changed.value)
            #expect(try await harness.store.readConcurrencyLimit(tag: "none") == nil)
        }
    }

    @Test func limitsListResetAndDelete() async throws {
        try await StoreHarness.withStore { harness in
            let b = try await harness.store.createConcurrencyLimit(tag: "b", limit: 1).value
            let a = try await harness.store.createConcurrencyLimit(tag: "a", limit: 1).value
            #expect(try await harness.store.readConcurrencyLimits(limit: 10, offset: 0).map(\.tag) == ["a", "b"])
            #expect(try await harness.store.readConcurrencyLimits(limit: 1, offset: 1).map(\.tag) == ["b"])
            let holder = UUID()
            #expect(try await harness.store.resetConcurrencyLimit(tag: "a", slots: [holder]))
            #expect(try await harness.store.readConcurrencyLimit(tag: "a")?.activeSlots == [holder])
            #expect(try await harness.store.resetConcurrencyLimit(tag: "a", slots: []))
            #expect(try await harness.store.readConcurrencyLimit(tag: "a")?.activeSlots == [])
            #expect(try await harness.store.resetConcurrencyLimit(tag: "zzz", slots: []) == false)
            #expect(try await harness.store.deleteConcurrencyLimit(id: a.id))
            #expect(try await harness.store.deleteConcurrencyLimit(tag: b.tag))
            #expect(try await harness.store.deleteConcurrencyLimit(tag: b.tag) == false)
            #expect(try await harness.store.readConcurrencyLimits(limit: 10, offset: 0).isEmpty)
        }
    }

    @Test func deletingAFullLimitUnblocksWaitingRuns() async throws {
        try await StoreHarness.withStore { harness in
            _ = try await harness.store.createConcurrencyLimit(tag: "db", limit: 1)
            let first = try await harness.taskRun(tags: ["db"])
            let second = try await harness.taskRun(tags: ["db"])
            try await harness.propose(.running, for: first.id)
            #expect(try await harness.propose(.running, for: second.id).result.status == .wait)
            #expect(try await harness.store.deleteConcurrencyLimit(tag: "db"))
            #expect(try await harness.propose(.running, for: second.id).result.status == .accept)
        }
    }
}
