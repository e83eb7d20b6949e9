import BatonCore
import Foundation

/// Run history counted while SQLite streams the matching runs (spec task-run-api §4): the same
/// arithmetic as `HistoryRequest.buckets(counting:)`, but without building a `HistoryRow` (or a
/// `String`) per run, so 100,000 runs take one pass over the covering expected-start index.
///
/// Faster than an SQL GROUP BY, whose sort dominates at this size.
struct TaskRunHistoryQuery {
    let request: HistoryRequest
    /// "Now" for the run time of running runs and the lateness of overdue ones.
    let now: Date

    func run(on connection: SQLiteConnection) throws -> [HistoryBucket] {
        let bounds = request.bucketBounds
        guard let first = bounds.first, let last = bounds.last else { return [] }
        let start = first.start.microsecondsSince1970
        // Buckets are whole microseconds wide, like the timestamps they sort.
        let width = max(1, Int64((request.interval * 1_000_000).rounded()))
        let selection = TaskRunSelection(request.filters)
        let sql = """
            SELECT task_run.expected_start_time, task_run.state_type, task_run.state_name, \
            task_run.state_timestamp, task_run.start_time, task_run.total_run_time FROM \(selection.from) \
            WHERE task_run.expected_start_time >= ? AND task_run.expected_start_time < ? \
            AND task_run.state_type IS NOT NULL AND \(selection.condition.sql)
            """
        var tally = Tally(bucketCount: bounds.count, now: now.microsecondsSince1970)
        try connection.prepare(sql).forEachRow(
            [start, last.end.microsecondsSince1970] + selection.condition.parameters
        ) { row in
            let expected = row.int64(0)
            let bucket = Int((expected - start) / width)
            guard bucket < bounds.count else { return }
            try tally.count(row, expected: expected, bucket: bucket)
        }
        return tally.buckets(bounds)
    }

    /// The running sums per bucket and per (state type, state name).
    private struct Tally {
        /// Each distinct current state seen, with its sums per bucket. The type's text and
        /// whether it is terminal are kept so that a row costs two byte comparisons.
        private var states: [(type: StateType, isTerminal: Bool, typeText: [UInt8], name: [UInt8], summaries: [Summary])] =
            []
        private let bucketCount: Int
        private let now: Int64

        struct Summary {
            var count = 0
            var runTime = 0.0
            var lateness = 0.0
        }

        init(bucketCount: Int, now: Int64) {
            self.bucketCount = bucketCount
            self.now = now
        }

        mutating func count(_ row: SQLiteRow, expected: Int64, bucket: Int) throws {
            let state = try stateIndex(row)
            let totalRunTime = row.double(5)
            // As TaskRun.estimatedRunTime and the SQL flavour of estimatedStartTimeDelta.
            var runTime = totalRunTime
            if states[state].type == .running, !row.isNull(3) {
                runTime += Double(now - row.int64(3)) / 1_000_000
            }
            var lateness = 0.0
            if !row.isNull(4) {
                lateness = Double(max(0, row.int64(4) - expected)) / 1_000_000
            } else if expected < now, !states[state].isTerminal {
                lateness = Double(now - expected) / 1_000_000
            }
            states[state].summaries[bucket].count += 1
            states[state].summaries[bucket].runTime += max(0, runTime)
            states[state].summaries[bucket].lateness += lateness
        }

        /// The index of the row's (state type, state name), comparing bytes so that no string is
        /// made for the runs of a state already seen.
        private mutating func stateIndex(_ row: SQLiteRow) throws -> Int {
            let known = row.withUTF8(1) { typeBytes in
                row.withUTF8(2) { nameBytes in
                    states.firstIndex { state in
                        Self.equal(state.name, nameBytes) && Self.equal(state.typeText, typeBytes)
                    }
                }
            }
            if let known { return known }
            let type = try StateColumns.stateType(row.string(1))
            states.append(
                (
                    type, type.isTerminal, Array(type.rawValue.utf8), row.withUTF8(2) { Array($0) },
                    Array(repeating: Summary(), count: bucketCount)
                ))
            return states.count - 1
        }

        /// `memcmp`: the generic `elementsEqual` walks a byte at a time, a third of the history's CPU.
        private static func equal(_ known: [UInt8], _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            known.count == bytes.count
                && known.withUnsafeBufferPointer { known in
                    bytes.isEmpty || memcmp(known.baseAddress!, bytes.baseAddress!, bytes.count) == 0
                }
        }

        /// The buckets with their non-empty summaries, ordered by state name, then type.
        func buckets(_ bounds: [DateInterval]) -> [HistoryBucket] {
            let named = states.map {
                (type: $0.type, name: String(decoding: $0.name, as: UTF8.self), summaries: $0.summaries)
            }
            .sorted { ($0.name, $0.type.rawValue) < ($1.name, $1.type.rawValue) }
            return bounds.enumerated().map { index, bound in
                HistoryBucket(
                    intervalStart: bound.start, intervalEnd: bound.end,
                    states: named.compactMap { state in
                        let summary = state.summaries[index]
                        guard summary.count > 0 else { return nil }
                        return HistoryStateSummary(
                            stateType: state.type, stateName: state.name, countRuns: summary.count,
                            sumEstimatedRunTime: summary.runTime, sumEstimatedLateness: summary.lateness)
                    })
            }
        }
    }
}
