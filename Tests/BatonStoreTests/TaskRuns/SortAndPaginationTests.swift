import BatonCore
import Foundation
import Testing

@testable import BatonStore

/// Every sort with SQLite's NULL placement and the id tie-breaker; limit, offset and pages
/// (spec §2.6, §2.7, §3.6).
@Suite struct SortAndPaginationTests {
    /// Prefect's two-run fixture: expected starts five minutes before and after now.
    @Test func prefectSortFixture() async throws {
        try await StoreHarness.withStore { harness in
            let now = harness.clock.now
            let early = StateCreate(
                type: .scheduled, details: StateDetails(scheduledTime: now.addingTimeInterval(-300)))
            let late = StateCreate(type: .scheduled, details: StateDetails(scheduledTime: now.addingTimeInterval(300)))
            let run1 = try await harness.taskRun(name: "Task Run 1", state: early)
            let run2 = try await harness.taskRun(name: "Task Run 2", state: late)
            let read = { (sort: TaskRunSort, limit: Int, offset: Int) in
                try await harness.store.readTaskRuns(.init(), sort: sort, limit: limit, offset: offset).map(\.id)
            }
            #expect(try await read(.expectedStartTimeDescending, 1, 0) == [run2.id])
            #expect(try await read(.expectedStartTimeDescending, 1, 1) == [run1.id])
            #expect(try await read(.nameAscending, 1, 0) == [run1.id])
            #expect(try await read(.nameDescending, 1, 0) == [run2.id])
            #expect(try await read(.expectedStartTimeAscending, 2, 0) == [run1.id, run2.id])
        }
    }

    @Test func nullsComeFirstAscendingAndLastDescending() async throws {
        try await StoreHarness.withStore { harness in
            let now = harness.clock.now
            let scheduled = try await harness.taskRun(
                name: "b",
                state: StateCreate(type: .scheduled, details: StateDetails(scheduledTime: now.addingTimeInterval(60))))
            let finished = try await harness.taskRun(name: "a", state: StateCreate(type: .completed))
            let unstarted = try await harness.taskRun(name: "c")
            // A run with no expected start, as Prefect's model-level fixtures create.
            try await harness.store.writer.write { connection in
                try connection.execute("UPDATE task_run SET expected_start_time = NULL WHERE id = ?", [unstarted.id])
            }
            let order = { (sort: TaskRunSort) in try await harness.ids(.init(), sort: sort) }
            #expect(try await order(.nextScheduledStartTimeAscending).first != scheduled.id)
            #expect(try await order(.nextScheduledStartTimeAscending).last == scheduled.id, "NULLs first ascending")
            #expect(try await order(.endTimeDescending).first == finished.id, "NULLs last descending")
            #expect(try await order(.expectedStartTimeAscending).first == unstarted.id)
            #expect(try await order(.expectedStartTimeDescending).last == unstarted.id)
            #expect(try await order(.expectedStartTimeDescending).first == scheduled.id)
            #expect(try await order(.nameAscending) == [finished.id, scheduled.id, unstarted.id])
            #expect(try await order(.nameDescending) == [unstarted.id, scheduled.id, finished.id])
        }
    }

    @Test func idDescendingOrdersTheTextForm() async throws {
        try await StoreHarness.withStore { harness in
            var ids: [UUID] = []
            for _ in 0..<6 { ids.append(try await harness.taskRun().id) }
            let expected = ids.sorted { $0.lowercasedString > $1.lowercasedString }
            #expect(try await harness.ids(.init(), sort: .idDescending) == expected)
        }
    }

    @Test func tiesAreBrokenByIDDescending() async throws {
        try await StoreHarness.withStore { harness in
            var ids: [UUID] = []
            for _ in 0..<5 { ids.append(try await harness.taskRun(name: "same").id) }
            let expected = ids.sorted { $0.lowercasedString > $1.lowercasedString }
            for sort in [TaskRunSort.nameAscending, .nameDescending, .endTimeDescending] {
                #expect(try await harness.ids(.init(), sort: sort) == expected, "\(sort)")
            }
        }
    }

    @Test func namesCompareByteWise() async throws {
        try await StoreHarness.withStore { harness in
            let lower = try await harness.taskRun(name: "apple")
            let upper = try await harness.taskRun(name: "Banana")
            #expect(try await harness.ids(.init(), sort: .nameAscending) == [upper.id, lower.id])
        }
    }

    @Test func limitAndOffset() async throws {
        try await StoreHarness.withStore { harness in
            for index in 0..<5 { try await harness.taskRun(name: "run-\(index)") }
            let read = { (limit: Int, offset: Int) in
                try await harness.store.readTaskRuns(.init(), sort: .nameAscending, limit: limit, offset: offset).map(
                    \.name)
            }
            #expect(try await read(2, 0) == ["run-0", "run-1"])
            #expect(try await read(2, 3) == ["run-3", "run-4"])
            #expect(try await read(0, 0) == [])
            #expect(try await read(10, 5) == [])
        }
    }

    @Test func paginationArithmetic() async throws {
        try await StoreHarness.withStore { harness in
            for index in 0..<5 { try await harness.taskRun(name: "run-\(index)") }
            let page = { (page: Int, limit: Int) in
                try await harness.store.paginateTaskRuns(
                    .init(), sort: .nameAscending, page: try PageRequest(page: page, limit: limit))
            }
            let first = try await page(1, 2)
            #expect(first.results.map(\.name) == ["run-0", "run-1"])
            #expect((first.count, first.pages, first.page, first.limit) == (5, 3, 1, 2))
            #expect(try await page(2, 2).results.map(\.name) == ["run-2", "run-3"])
            #expect(try await page(3, 2).results.map(\.name) == ["run-4"])
            let beyond = try await page(4, 2)
            #expect(beyond.results.isEmpty && beyond.count == 5 && beyond.pages == 3)
            let zero = try await page(1, 0)
            #expect(zero.results.isEmpty && zero.count == 5 && zero.pages == 0 && zero.page == 1)
            let filtered = try await harness.store.paginateTaskRuns(
                .init(taskRuns: .init(name: .init(anyOf: ["run-1"]))), sort: .default,
                page: try PageRequest(page: 1, limit: nil))
            #expect((filtered.count, filtered.pages, filtered.limit) == (1, 1, 200))
        }
    }

    @Test func aPageOfHugeRunsIsRefusedBeforeItIsDecodedButTheServersOwnReadsAreNot() async throws {
        try await StoreHarness.withStore { harness in
            // Five runs of about 2 MiB of tags each: 10 MiB in all, past the 8 MiB a read may return.
            let tags = (0..<20).map { "\($0)" + String(repeating: "t", count: 100_000) }
            let deferred = StateCreate(type: .scheduled, details: StateDetails(deferred: true))
            for _ in 0..<5 { _ = try await harness.taskRun(tags: tags, state: deferred) }
            let error = await #expect(throws: StoreError.self) {
                try await harness.store.readTaskRuns(.init(), sort: .idDescending, limit: 200, offset: 0)
            }
            guard case .resourceExhausted? = error else {
                Issue.record("expected resourceExhausted, got \(String(describing: error))")
                return
            }
            let fewer = try await harness.store.readTaskRuns(.init(), sort: .idDescending, limit: 3, offset: 0)
            #expect(fewer.count == 3 && fewer.allSatisfy { $0.tags == tags })
            // The server's own reads are not pages: restoring the task-worker queues reads them all.
            #expect(try await harness.store.readScheduledDeferredTaskRuns().count == 5)
        }
    }
}
