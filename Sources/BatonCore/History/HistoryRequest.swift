import Foundation

/// A run-history query: a time range cut into equal buckets, and the filters that select the
/// task runs counted in them (spec task-run-api §2.4, §4).
public struct HistoryRequest: Sendable, Hashable {
    /// Prefect returns at most this many buckets.
    public static let maximumBucketCount = 500

    public var start: Date
    public var end: Date
    /// Bucket width in seconds; at least 1.
    public var interval: TimeInterval
    public var filters: TaskRunQueryFilters

    /// Rejects an interval below one second with Prefect's message.
    public init(start: Date, end: Date, interval: TimeInterval, filters: TaskRunQueryFilters = TaskRunQueryFilters())
        throws
    {
        guard interval >= 1 else {
            throw ValidationError(
                field: "history_interval_seconds", message: "History interval must not be less than 1 second.")
        }
        self.start = start
        self.end = end
        self.interval = interval
        self.filters = filters
    }

    /// The buckets `[start + k·interval, start + (k+1)·interval)` for every k whose start is
    /// before `end`, at most 500; the last may end after `end`.
    ///
    /// A range with `end <= start` yields one bucket, as Prefect's SQLite query does.
    public var bucketBounds: [DateInterval] {
        var bounds: [DateInterval] = []
        var index = 0
        repeat {
            bounds.append(bucket(at: index))
            index += 1
        } while index < Self.maximumBucketCount && bucketStart(at: index) < end
        return bounds
    }

    private func bucketStart(at index: Int) -> Date {
        start.addingTimeInterval(Double(index) * interval)
    }

    private func bucket(at index: Int) -> DateInterval {
        DateInterval(start: bucketStart(at: index), end: bucketStart(at: index + 1))
    }
}
