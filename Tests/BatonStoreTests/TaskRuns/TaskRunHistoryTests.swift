import BatonCore
import Foundation
import Testing

@testable import BatonStore

/// Run history through the store (spec §4), on Prefect's `test_run_history` data.
@Suite struct TaskRunHistoryTests {
    /// 10 task keys × 3 runs under one running flow run: Completed at T+r min, Failed at
    /// T+7+r min, Running at T+14+r min (r = 0…9), each created in that state.
    static func makeRuns(_ harness: StoreHarness) async throws {
        let t = referenceDate
        let flowRun = try await harness.flowRun()
        for r in 0..<10 {
            for (offset, type) in [(0, StateType.completed), (7, .failed), (14, .running)] {
                harness.clock.set(t.addingTimeInterval(Double((offset + r) * 60)))
                try await harness.taskRun(
                    flowRunID: flowRun.id, key: "key-\(r)", dynamicKey: "\(offset)", state: StateCreate(type: type))
            }
        }
    }

    static func summary(_ buckets: [HistoryBucket]) -> [[String: Int]] {
        buckets.map { bucket in
            Dictionary(uniqueKeysWithValues: bucket.states.map { ($0.stateName, $0.countRuns) })
        }
    }

    @Test func fiveMinuteBinsMatchTheWorkedExample() async throws {
        try await StoreHarness.withStore { harness in
            try await Self.makeRuns(harness)
            let request = try HistoryRequest(
                start: referenceDate.addingTimeInterval(-300), end: referenceDate.addingTimeInterval(900), interval: 300
            )
            let buckets = try await harness.store.taskRunHistory(request)
            #expect(
                Self.summary(buckets) == [
                    [:], ["Completed": 5], ["Completed": 5, "Failed": 3], ["Failed": 5, "Running": 1],
                ])
            #expect(
                buckets.map(\.intervalStart) == (0..<4).map { referenceDate.addingTimeInterval(Double($0 * 300 - 300)) }
            )
            #expect(buckets.last?.intervalEnd == referenceDate.addingTimeInterval(900))
        }
    }

    @Test func fiveMinuteBinsWithAStateFilter() async throws {
        try await StoreHarness.withStore { harness in
            try await Self.makeRuns(harness)
            let request = try HistoryRequest(
                start: referenceDate.addingTimeInterval(-300), end: referenceDate.addingTimeInterval(900),
                interval: 300,
                filters: .init(taskRuns: .init(state: .init(type: .init(anyOf: [.completed, .running])))))
            let buckets = try await harness.store.taskRunHistory(request)
            #expect(Self.summary(buckets) == [[:], ["Completed": 5], ["Completed": 5], ["Running": 1]])
        }
    }

    @Test func atMostFiveHundredBucketsAndTheLastMayEndAfterTheRange() async throws {
        try await StoreHarness.withStore { harness in
            let tenDays = try HistoryRequest(
                start: referenceDate, end: referenceDate.addingTimeInterval(10 * 86_400), interval: 60)
            let buckets = try await harness.store.taskRunHistory(tenDays)
            #expect(buckets.count == 500)
            #expect(buckets.last?.intervalStart == referenceDate.addingTimeInterval(499 * 60))
            let dayAndAHalfHour = try HistoryRequest(
                start: referenceDate, end: referenceDate.addingTimeInterval(86_400 + 1_800), interval: 86_400)
            let two = try await harness.store.taskRunHistory(dayAndAHalfHour)
            #expect(two.count == 2)
            #expect(two.last?.intervalEnd == referenceDate.addingTimeInterval(2 * 86_400))
        }
    }

    @Test func sumsRunTimeUpToNowAndLatenessOfOverdueRuns() async throws {
        try await StoreHarness.withStore { harness in
            let t = referenceDate
            let running = try await harness.taskRun(name: "running")
            harness.clock.set(t.addingTimeInterval(60))
            try await harness.propose(.running, for: running.id)
            harness.clock.set(t)
            try await harness.taskRun(
                state: StateCreate(type: .scheduled, details: StateDetails(scheduledTime: t.addingTimeInterval(120))))
            harness.clock.set(t.addingTimeInterval(600))
            let request = try HistoryRequest(start: t, end: t.addingTimeInterval(600), interval: 600)
            let states = try #require(try await harness.store.taskRunHistory(request).first).states
            let runningSummary = try #require(states.first { $0.stateType == .running })
            // Expected at T (its Pending state), started at T+60 s, running until now (T+600 s).
            #expect(runningSummary.sumEstimatedRunTime == 540)
            #expect(runningSummary.sumEstimatedLateness == 60)
            let scheduledSummary = try #require(states.first { $0.stateType == .scheduled })
            #expect(scheduledSummary.sumEstimatedRunTime == 0)
            #expect(scheduledSummary.sumEstimatedLateness == 480, "due at T+120 s, not started by T+600 s")
        }
    }
}
