import Foundation
import Testing

@testable import BatonCore

/// Bucket boundaries of spec task-run-api §4 (Prefect's test_run_history.py).
@Suite struct HistoryBucketBoundsTests {
    let start = referenceDate
    static let day: TimeInterval = 86_400
    static let hour: TimeInterval = 3_600
    static let minute: TimeInterval = 60

    @Test(arguments: [
        (14 * day, day, 14), (10 * day, 25 * hour, 10), (10 * day, 6 * hour, 40), (10 * day, hour, 240),
        (day, 66 * minute, 22), (5 * hour, minute, 300), (29 * hour, 15 * minute, 116),
    ])
    func rangeIsCutIntoIntervalWideBuckets(range: TimeInterval, interval: TimeInterval, count: Int) throws {
        let bounds = try HistoryRequest(start: start, end: start.addingTimeInterval(range), interval: interval)
            .bucketBounds
        #expect(bounds.count == count)
        #expect(bounds.first?.start == start)
        #expect(bounds.allSatisfy { $0.duration == interval })
        #expect(bounds.last?.start == start.addingTimeInterval(Double(count - 1) * interval))
    }

    @Test func atMostFiveHundredBucketsAreReturned() throws {
        let bounds = try HistoryRequest(
            start: start, end: start.addingTimeInterval(10 * Self.day), interval: Self.minute
        )
        .bucketBounds
        #expect(bounds.count == 500)
        #expect(bounds.last?.start == start.addingTimeInterval(499 * Self.minute))
    }

    @Test func lastBucketContainsTheEnd() throws {
        let end = start.addingTimeInterval(Self.day + 30 * Self.minute)
        let bounds = try HistoryRequest(start: start, end: end, interval: Self.day).bucketBounds
        #expect(bounds.count == 2)
        #expect(bounds.last?.end == start.addingTimeInterval(2 * Self.day))
        #expect(bounds.last.map { $0.end > end } == true)
    }

    @Test(arguments: [0, -3_600])
    func emptyOrBackwardRangeYieldsOneBucketLikeSQLite(range: TimeInterval) throws {
        let bounds = try HistoryRequest(start: start, end: start.addingTimeInterval(range), interval: Self.hour)
            .bucketBounds
        #expect(bounds == [DateInterval(start: start, duration: Self.hour)])
    }

    @Test func intervalBelowOneSecondIsRejected() {
        #expect(
            throws: ValidationError(
                field: "history_interval_seconds", message: "History interval must not be less than 1 second.")
        ) {
            try HistoryRequest(start: start, end: start, interval: 0.9)
        }
    }
}
