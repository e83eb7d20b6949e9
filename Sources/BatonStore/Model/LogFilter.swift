import BatonCore
import Foundation

/// Conditions on log lines; provided criteria are combined with `operator`, absent ones impose
/// nothing, and an empty `anyOf` matches nothing.
public struct LogFilter: Sendable, Hashable {
    public var `operator`: FilterOperator
    /// `level >= levelAtLeast`.
    public var levelAtLeast: Int?
    /// `level <= levelAtMost`.
    public var levelAtMost: Int?
    /// Bounds the client timestamp inclusively.
    public var timestamp: TimeBoundsFilter?
    public var flowRunIDs: [UUID]?
    public var taskRunIDs: [UUID]?
    /// true: lines without a task run; false: lines with one.
    public var taskRunIDIsNull: Bool?

    public init(
        operator: FilterOperator = .and,
        levelAtLeast: Int? = nil,
        levelAtMost: Int? = nil,
        timestamp: TimeBoundsFilter? = nil,
        flowRunIDs: [UUID]? = nil,
        taskRunIDs: [UUID]? = nil,
        taskRunIDIsNull: Bool? = nil
    ) {
        self.operator = `operator`
        self.levelAtLeast = levelAtLeast
        self.levelAtMost = levelAtMost
        self.timestamp = timestamp
        self.flowRunIDs = flowRunIDs
        self.taskRunIDs = taskRunIDs
        self.taskRunIDIsNull = taskRunIDIsNull
    }
}
