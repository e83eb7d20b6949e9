import Foundation
import Testing

@testable import BatonCore

/// Counting runs into buckets (spec task-run-api §4 worked example, `test_5_minute_bins_task_runs`).
@Suite struct HistoryAggregationTests {
    /// Expected starts 00:00…00:09 Completed, 00:07…00:16 Failed, 00:14…00:23 Running.
    let rows: [HistoryRow] = (0..<10).flatMap { minute in
        [(0.0, StateType.completed), (7, .failed), (14, .running)].map { offset, type in
            HistoryRow(
                expectedStartTime: referenceDate.addingTimeInterval((offset + Double(minute)) * 60), stateType: type,
                stateName: type.defaultName, estimatedRunTime: 0, estimatedLateness: 0)
        }
    }

    func counts(_ buckets: [HistoryBucket]) -> [[String: Int]] {
        buckets.map { Dictionary(uniqueKeysWithValues: $0.states.map { ($0.stateName, $0.countRuns) }) }
    }

    func fiveMinuteRequest() throws -> HistoryRequest {
        try HistoryRequest(
            start: referenceDate.addingTimeInterval(-300), end: referenceDate.addingTimeInterval(900), interval: 300)
    }

    @Test func fiveMinuteBucketsCountRunsByCurrentState() throws {
        let buckets = try fiveMinuteRequest().buckets(counting: rows)
        #expect(buckets.map(\.intervalStart) == (0..<4).map { referenceDate.addingTimeInterval(Double($0 - 1) * 300) })
        #expect(
            counts(buckets) == [[:], ["Completed": 5], ["Completed": 5, "Failed": 3], ["Failed": 5, "Running": 1]])
    }

    @Test func fiveMinuteBucketsOfOnlyCompletedAndRunningRuns() throws {
        let filtered = rows.filter { [.completed, .running].contains($0.stateType) }
        let buckets = try fiveMinuteRequest().buckets(counting: filtered)
        #expect(counts(buckets) == [[:], ["Completed": 5], ["Completed": 5], ["Running": 1]])
    }

    @Test func bucketStartIsInclusiveAndItsEndExclusive() throws {
        let request = try HistoryRequest(start: referenceDate, end: referenceDate.addingTimeInterval(120), interval: 60)
        let atBoundary = HistoryRow(
            expectedStartTime: referenceDate.addingTimeInterval(60), stateType: .completed, stateName: "Completed",
            estimatedRunTime: 0, estimatedLateness: 0)
        #expect(counts(request.buckets(counting: [atBoundary])) == [[:], ["Completed": 1]])
    }

    @Test func runsOutsideEveryBucketAreDropped() throws {
        let request = try HistoryRequest(start: referenceDate, end: referenceDate.addingTimeInterval(60), interval: 60)
        let outside = [-1.0, 60].map {
            HistoryRow(
                expectedStartTime: referenceDate.addingTimeInterval($0), stateType: .completed, stateName: "Completed",
                estimatedRunTime: 0, estimatedLateness: 0)
        }
        #expect(counts(request.buckets(counting: outside)) == [[:]])
    }

    @Test func sumsIgnoreNegativeDurations() throws {
        let request = try HistoryRequest(start: referenceDate, end: referenceDate.addingTimeInterval(60), interval: 60)
        let runs = [(10.0, 3.0), (-5, -2), (2.5, 0)].map { runTime, lateness in
            HistoryRow(
                expectedStartTime: referenceDate, stateType: .running, stateName: "Running", estimatedRunTime: runTime,
                estimatedLateness: lateness)
        }
        #expect(
            request.buckets(counting: runs).first?.states == [
                HistoryStateSummary(
                    stateType: .running, stateName: "Running", countRuns: 3, sumEstimatedRunTime: 12.5,
                    sumEstimatedLateness: 3)
            ])
    }

    @Test func sameNameOfDifferentTypesStaysSeparate() throws {
        let request = try HistoryRequest(start: referenceDate, end: referenceDate.addingTimeInterval(60), interval: 60)
        let runs = [StateType.scheduled, .paused].map {
            HistoryRow(
                expectedStartTime: referenceDate, stateType: $0, stateName: "Odd", estimatedRunTime: 0,
                estimatedLateness: 0)
        }
        #expect(request.buckets(counting: runs).first?.states.map(\.stateType) == [.paused, .scheduled])
    }

    @Test func rowOfARunUsesItsReadTimeDurations() throws {
        var run = makeRun().inState(makeState(.running, at: referenceDate.addingTimeInterval(-30)))
        run.expectedStartTime = referenceDate.addingTimeInterval(-100)
        run.startTime = referenceDate.addingTimeInterval(-40)
        run.totalRunTime = 10
        let row = try #require(HistoryRow(run: run, at: referenceDate))
        #expect(row.estimatedRunTime == 40)
        #expect(row.estimatedLateness == 60)
        #expect(HistoryRow(run: makeRun(), at: referenceDate) == nil)
    }
}
