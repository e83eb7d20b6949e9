import Foundation

/// One bucket of a run history: its time range and a summary per current state.
public struct HistoryBucket: Sendable, Hashable {
    public var intervalStart: Date
    public var intervalEnd: Date
    /// One entry per (state type, state name); empty when no run fell in the bucket.
    public var states: [HistoryStateSummary]

    public init(intervalStart: Date, intervalEnd: Date, states: [HistoryStateSummary]) {
        self.intervalStart = intervalStart
        self.intervalEnd = intervalEnd
        self.states = states
    }
}
