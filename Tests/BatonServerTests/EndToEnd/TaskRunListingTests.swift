import BatonClient
import BatonProto
import Foundation
import Testing

extension EndToEnd {
  /// Orders, windows and pages of ReadTaskRuns and PaginateTaskRuns (spec task-run-api §2.6,
  /// §2.7, §3.6, tests in §7.1 and §7.5).
  @Suite struct TaskRunListing {
    static let day = EndToEnd.newYear2030

    /// Three autonomous runs with ascending ids: `b` due on day 2, `c` due on day 1 but
    /// completed (so it has an end time and no next scheduled time), `a` due on day 3.
    private func makeSortScenario(_ baton: BatonConnection) async throws {
      let runs: [(id: String, name: String, dueDay: Double)] = [
        ("00000000-0000-4000-8000-000000000001", "b", 2),
        ("00000000-0000-4000-8000-000000000002", "c", 1),
        ("00000000-0000-4000-8000-000000000003", "a", 3),
      ]
      for run in runs {
        _ = try await baton.makeTaskRun {
          $0.id = run.id
          $0.name = run.name
          $0.taskKey = run.name
          $0.state = .of(.scheduled) { $0.scheduledTime = Self.day + (run.dueDay - 1) * 86_400 }
        }
      }
      _ = try await baton.propose(.of(.completed), to: runs[1].id, force: true)
    }

    @Test(arguments: [
      (Baton_V1_TaskRunSort.unspecified, ["a", "c", "b"]),
      (.idDesc, ["a", "c", "b"]),
      (.expectedStartTimeAsc, ["c", "b", "a"]),
      (.expectedStartTimeDesc, ["a", "b", "c"]),
      (.nameAsc, ["a", "b", "c"]),
      (.nameDesc, ["c", "b", "a"]),
      (.nextScheduledStartTimeAsc, ["c", "b", "a"]),
      (.endTimeDesc, ["c", "a", "b"]),
    ])
    func everySortOrdersAsSpecified(sort: Baton_V1_TaskRunSort, expected: [String]) async throws {
      try await withBatonServer { baton, _ in
        try await makeSortScenario(baton)
        #expect(try await baton.taskRunNames(.with { $0.sort = sort }) == expected)
        let page = try await baton.taskRuns.paginateTaskRuns(.with { $0.sort = sort })
        #expect(page.results.map(\.name) == expected)
      }
    }

    @Test func limitAndOffsetWindowTheSortedRuns() async throws {
      try await withBatonServer { baton, _ in
        try await makeSortScenario(baton)
        let window: (Int32?, Int32) async throws -> [String] = { limit, offset in
          try await baton.taskRunNames(
            .with {
              $0.sort = .expectedStartTimeDesc
              $0.limit = limit
              $0.offset = offset
            })
        }
        #expect(try await window(1, 0) == ["a"])
        #expect(try await window(1, 1) == ["b"])
        #expect(try await window(nil, 2) == ["c"])
        #expect(try await window(0, 0) == [])
        #expect(try await window(200, 3) == [])
      }
    }

    @Test func limitAbove200IsInvalid() async throws {
      try await withBatonServer { baton, _ in
        await expectInvalidArgument(field: "limit", message: "Invalid limit: must be less than or equal to 200.") {
          try await baton.taskRuns.readTaskRuns(.with { $0.limit = 201 })
        }
        await expectInvalidArgument(field: "limit", message: "Invalid limit: must be less than or equal to 200.") {
          try await baton.taskRuns.paginateTaskRuns(.with { $0.limit = 1000 })
        }
      }
    }

    @Test func negativeLimitAndOffsetAreBothReported() async throws {
      try await withBatonServer { baton, _ in
        await expectInvalidArgument([
          FieldViolation(field: "limit", message: "Invalid limit: must be greater than or equal to 0."),
          FieldViolation(field: "offset", message: "Invalid offset: must be greater than or equal to 0."),
        ]) {
          try await baton.taskRuns.readTaskRuns(
            .with {
              $0.limit = -1
              $0.offset = -1
            })
        }
      }
    }

    @Test(arguments: [Int32(0), -1])
    func pageBelowOneIsInvalid(page: Int32) async throws {
      try await withBatonServer { baton, _ in
        await expectInvalidArgument(field: "page", message: "Invalid page: must be greater than or equal to 1.") {
          try await baton.taskRuns.paginateTaskRuns(.with { $0.page = page })
        }
      }
    }

    @Test func fiveRunsInPagesOfTwo() async throws {
      try await withBatonServer { baton, _ in
        var ids: [String] = []
        for key in 0..<5 {
          // Descending ids, so that the default ID_DESC order is creation order.
          let id = "00000000-0000-4000-8000-00000000000\(9 - key)"
          ids.append(
            try await baton.makeTaskRun {
              $0.id = id
              $0.dynamicKey = "\(key)"
            }.id)
        }
        let page: (Int32?) async throws -> Baton_V1_PaginateTaskRunsResponse = { number in
          try await baton.taskRuns.paginateTaskRuns(
            .with {
              $0.limit = 2
              $0.page = number
            })
        }
        let first = try await page(nil)
        #expect(first.results.map(\.id) == Array(ids[0..<2]))
        #expect([first.count, first.pages] == [5, 3])
        #expect([first.limit, first.page] == [2, 1])
        #expect(try await page(2).results.map(\.id) == Array(ids[2..<4]))
        let last = try await page(3)
        #expect(last.results.map(\.id) == [ids[4]])
        #expect(last.page == 3)
        let beyond = try await page(4)
        #expect(beyond.results.isEmpty)
        #expect([beyond.count, beyond.pages] == [5, 3])
      }
    }

    @Test func defaultPageIsTheFirstOf200() async throws {
      try await withBatonServer { baton, _ in
        let run = try await baton.makeTaskRun()
        let page = try await baton.taskRuns.paginateTaskRuns(.init())
        #expect(page.results.map(\.id) == [run.id])
        #expect([page.count, page.pages] == [1, 1])
        #expect([page.limit, page.page] == [200, 1])
      }
    }

    @Test func zeroLimitCountsWithoutResults() async throws {
      try await withBatonServer { baton, _ in
        _ = try await baton.makeTaskRun()
        let page = try await baton.taskRuns.paginateTaskRuns(.with { $0.limit = 0 })
        #expect(page.results.isEmpty)
        #expect([page.count, page.pages] == [1, 0])
        #expect([page.limit, page.page] == [0, 1])
      }
    }

    @Test func durationFieldsAreComputedFromTheStates() async throws {
      let clock = ServerClock(stoppedAt: Self.day)
      try await withBatonServer(clock: clock) { baton, _ in
        let run = try await baton.makeTaskRun()
        clock.advance(by: 5)
        _ = try await baton.propose(.of(.running), to: run.id)
        clock.advance(by: 4)
        let running = try await baton.taskRun(run.id)
        #expect(running.totalRunTime == 0)
        #expect(running.estimatedRunTime == 4)
        clock.advance(by: 6)
        _ = try await baton.propose(.of(.completed), to: run.id)
        clock.advance(by: 100)
        let page = try await baton.taskRuns.paginateTaskRuns(.init())
        let done = try #require(page.results.first)
        #expect(done.expectedStartTime == Self.day)
        #expect(done.startTime == Self.day + 5)
        #expect(done.endTime == Self.day + 15)
        #expect(done.totalRunTime == 10)
        #expect(done.estimatedRunTime == 10)
        #expect(done.estimatedStartTimeDelta == 5)
        #expect(done.runCount == 1)
      }
    }
  }
}
