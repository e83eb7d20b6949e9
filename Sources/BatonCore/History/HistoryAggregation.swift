import Foundation

extension HistoryRequest {
    /// Counts `rows` into this request's buckets: a run lands in the bucket containing its
    /// expected start time (start inclusive, end exclusive); runs outside every bucket are
    /// dropped. Summaries are ordered by state name, then type.
    public func buckets(counting rows: some Sequence<HistoryRow>) -> [HistoryBucket] {
        let bounds = bucketBounds
        var summaries = [[StateKey: HistoryStateSummary]](repeating: [:], count: bounds.count)
        for row in rows {
            guard let index = bucketIndex(of: row.expectedStartTime, in: bounds) else { continue }
            let key = StateKey(type: row.stateType, name: row.stateName)
            var summary =
                summaries[index][key]
                ?? HistoryStateSummary(
                    stateType: row.stateType, stateName: row.stateName, countRuns: 0, sumEstimatedRunTime: 0,
                    sumEstimatedLateness: 0)
            summary.countRuns += 1
            summary.sumEstimatedRunTime += max(0, row.estimatedRunTime)
            summary.sumEstimatedLateness += max(0, row.estimatedLateness)
            summaries[index][key] = summary
        }
        return zip(bounds, summaries).map { bound, byState in
            HistoryBucket(
                intervalStart: bound.start, intervalEnd: bound.end,
                states: byState.values.sorted {
                    ($0.stateName, $0.stateType.rawValue) < ($1.stateName, $1.stateType.rawValue)
                })
        }
    }

    private struct StateKey: Hashable {
        var type: StateType
        var name: String
    }

    private func bucketIndex(of instant: Date, in bounds: [DateInterval]) -> Int? {
        guard let first = bounds.first, let last = bounds.last, instant >= first.start, instant < last.end else {
            return nil
        }
        var index = min(Int((instant.timeIntervalSince(first.start) / interval).rounded(.down)), bounds.count - 1)
        // Floating-point division may land one bucket off; the stored bounds decide.
        if instant < bounds[index].start { index -= 1 }
        if instant >= bounds[index].end { index += 1 }
        return bounds.indices.contains(index) ? index : nil
    }
}
