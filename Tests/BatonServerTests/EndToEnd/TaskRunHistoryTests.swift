import BatonClient
import BatonProto
import Foundation
import Testing

extension EndToEnd {
  /// TaskRunHistory (spec task-run-api §2.4, §4, tests in §7.3).
  @Suite struct TaskRunHistory {
    static let start = EndToEnd.newYear2030

    /// Runs due 1, 2, 5, 7 and 8 minutes after `start`; those due at 5 and 7 completed.
    private func makeRuns(_ baton: BatonConnection) async throws {
      for minute in [1, 2, 5, 7, 8] {
        let run = try await baton.makeTaskRun {
          $0.dynamicKey = "\(minute)"
          $0.state = .of(.scheduled) { $0.scheduledTime = Self.start + Double(minute) * 60 }
        }
        if minute == 5 || minute == 7 {
          _ = try await baton.propose(.of(.completed), to: run.id, force: true)
        }
      }
    }

    private func request(
      minutes: Double, interval: Double, _ configure: (inout Baton_V1_TaskRunHistoryRequest) -> Void = { _ in }
    ) -> Baton_V1_TaskRunHistoryRequest {
      .with {
        $0.historyStart = Self.start
        $0.historyEnd = Self.start + minutes * 60
        $0.historyIntervalSeconds = interval
        configure(&$0)
      }
    }

    /// Each interval's states as `name: count`, sorted by name (their order is unspecified).
    private func counts(_ response: Baton_V1_TaskRunHistoryResponse) -> [[String]] {
      response.intervals.map { interval in
        interval.states.map { "\($0.stateName): \($0.countRuns)" }.sorted()
      }
    }

    @Test func runsAreCountedByExpectedStartTimeAndCurrentState() async throws {
      try await withBatonServer { baton, _ in
        try await makeRuns(baton)
        let response = try await baton.taskRuns.taskRunHistory(request(minutes: 15, interval: 300))
        #expect(response.intervals.map(\.intervalStart) == [0, 300, 600].map { Self.start + $0 })
        #expect(response.intervals.map(\.intervalEnd) == [300, 600, 900].map { Self.start + $0 })
        #expect(counts(response) == [["Scheduled: 2"], ["Completed: 2", "Scheduled: 1"], []])
        let completed = try #require(response.intervals[1].states.first { $0.stateType == .completed })
        #expect(completed.sumEstimatedRunTime == 0)
        #expect(completed.sumEstimatedLateness == 0)
      }
    }

    @Test func sumsRunTimeAndLatenessUpToNow() async throws {
      let clock = ServerClock(stoppedAt: Self.start)
      try await withBatonServer(clock: clock) { baton, _ in
        let late = try await baton.makeTaskRun { $0.state = .of(.scheduled) }
        _ = try await baton.makeTaskRun {
          $0.dynamicKey = "1"
          $0.state = .of(.scheduled)
        }
        clock.advance(by: 30)
        _ = try await baton.propose(.of(.running), to: late.id)
        clock.advance(by: 20)
        let response = try await baton.taskRuns.taskRunHistory(request(minutes: 1, interval: 60))
        let states = try #require(response.intervals.first?.states).sorted { $0.stateName < $1.stateName }
        #expect(states.map(\.stateName) == ["Running", "Scheduled"])
        #expect(states.map(\.countRuns) == [1, 1])
        #expect(states.map(\.sumEstimatedRunTime) == [20, 0])
        #expect(states.map(\.sumEstimatedLateness) == [30, 50])
      }
    }

    @Test func filtersApply() async throws {
      try await withBatonServer { baton, _ in
        try await makeRuns(baton)
        let response = try await baton.taskRuns.taskRunHistory(
          request(minutes: 15, interval: 300) {
            $0.taskRuns = .with { $0.state = .with { $0.type = .with { $0.any_ = .init(values: [.completed]) } } }
          })
        #expect(counts(response) == [[], ["Completed: 2"], []])
        let withFlowRun = try await baton.taskRuns.taskRunHistory(
          request(minutes: 15, interval: 300) { $0.flows = Baton_V1_FlowFilter() })
        #expect(counts(withFlowRun) == [[], [], []])
      }
    }

    @Test func lastIntervalMayEndAfterHistoryEnd() async throws {
      try await withBatonServer { baton, _ in
        let response = try await baton.taskRuns.taskRunHistory(request(minutes: 11, interval: 300))
        #expect(response.intervals.count == 3)
        #expect(response.intervals.last?.intervalEnd == Self.start + 900)
      }
    }

    @Test func atMost500Intervals() async throws {
      try await withBatonServer { baton, _ in
        let response = try await baton.taskRuns.taskRunHistory(request(minutes: 10 * 24 * 60, interval: 60))
        #expect(response.intervals.count == 500)
        #expect(response.intervals.last?.intervalStart == Self.start + 499 * 60)
      }
    }

    @Test func intervalUnderOneSecondIsInvalid() async throws {
      try await withBatonServer { baton, _ in
        await expectInvalidArgument(
          field: "history_interval_seconds", message: "History interval must not be less than 1 second."
        ) {
          try await baton.taskRuns.taskRunHistory(request(minutes: 1, interval: 0.9))
        }
      }
    }

    @Test func boundsAreRequired() async throws {
      try await withBatonServer { baton, _ in
        await expectInvalidArgument([
          .missing("history_start"),
          .missing("history_end"),
        ]) {
          try await baton.taskRuns.taskRunHistory(.with { $0.historyIntervalSeconds = 60 })
        }
      }
    }
  }
}
