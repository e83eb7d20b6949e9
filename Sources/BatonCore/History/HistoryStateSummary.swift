/// The runs of one history bucket that share a current state type and name.
public struct HistoryStateSummary: Sendable, Hashable {
    public var stateType: StateType
    public var stateName: String
    public var countRuns: Int
    /// Σ max(0, estimated run time), seconds.
    public var sumEstimatedRunTime: Double
    /// Σ max(0, estimated lateness), seconds.
    public var sumEstimatedLateness: Double

    public init(
        stateType: StateType, stateName: String, countRuns: Int, sumEstimatedRunTime: Double,
        sumEstimatedLateness: Double
    ) {
        self.stateType = stateType
        self.stateName = stateName
        self.countRuns = countRuns
        self.sumEstimatedRunTime = sumEstimatedRunTime
        self.sumEstimatedLateness = sumEstimatedLateness
    }
}
