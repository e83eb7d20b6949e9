import Foundation

/// What history needs of one matching task run: where it falls and how it is doing.
public struct HistoryRow: Sendable, Hashable {
    /// Places the run in a bucket; runs without one are never counted.
    public var expectedStartTime: Date
    public var stateType: StateType
    public var stateName: String
    /// Seconds; negative values count as 0.
    public var estimatedRunTime: TimeInterval
    /// Seconds; negative values count as 0.
    public var estimatedLateness: TimeInterval

    public init(
        expectedStartTime: Date, stateType: StateType, stateName: String, estimatedRunTime: TimeInterval,
        estimatedLateness: TimeInterval
    ) {
        self.expectedStartTime = expectedStartTime
        self.stateType = stateType
        self.stateName = stateName
        self.estimatedRunTime = estimatedRunTime
        self.estimatedLateness = estimatedLateness
    }

    /// The row for `run` as seen at `now`, or `nil` when the run has no expected start time or
    /// no state (history's SQL flavour of lateness then never applies).
    public init?(run: TaskRun, at now: Date) {
        guard let expectedStartTime = run.expectedStartTime, let stateType = run.stateType,
            let stateName = run.stateName
        else { return nil }
        self.init(
            expectedStartTime: expectedStartTime, stateType: stateType, stateName: stateName,
            estimatedRunTime: run.estimatedRunTime(at: now), estimatedLateness: run.estimatedStartTimeDelta(at: now))
    }
}
