import Foundation

/// A task run: one execution of a task, its current state, and the bookkeeping the server
/// keeps as states are written (spec task-run-api §1.6, §1.8).
///
/// `stateType`, `stateName` and `stateTimestamp` mirror `state`; `stateTimestamp` is not
/// exposed on the wire but drives `estimatedRunTime(at:)`.
public struct TaskRun: Sendable, Hashable {
    public var id: UUID
    public var created: Date
    public var updated: Date
    public var name: String
    /// `nil` for an autonomous (background) task run.
    public var flowRunID: UUID?
    public var taskKey: String
    public var dynamicKey: String
    public var cacheKey: String?
    public var cacheExpiration: Date?
    public var taskVersion: String?
    public var empiricalPolicy: TaskRunPolicy
    public var tags: [String]
    /// Values are booleans, numbers or strings.
    public var labels: [String: JSONValue]
    public var taskInputs: [String: [TaskRunInput]]
    public var stateID: UUID?
    /// The current state, including its data.
    public var state: State?
    public var stateType: StateType?
    public var stateName: String?
    public var stateTimestamp: Date?
    /// How many RUNNING states were written (reset when the run leaves a terminal state).
    public var runCount: Int
    /// The parent flow run's `run_count` when this task last started running.
    public var flowRunRunCount: Int
    public var expectedStartTime: Date?
    public var nextScheduledStartTime: Date?
    public var startTime: Date?
    public var endTime: Date?
    /// Seconds spent in RUNNING states that have ended.
    public var totalRunTime: TimeInterval

    public init(
        id: UUID,
        created: Date,
        updated: Date,
        name: String,
        flowRunID: UUID? = nil,
        taskKey: String,
        dynamicKey: String,
        cacheKey: String? = nil,
        cacheExpiration: Date? = nil,
        taskVersion: String? = nil,
        empiricalPolicy: TaskRunPolicy = TaskRunPolicy(),
        tags: [String] = [],
        labels: [String: JSONValue] = [:],
        taskInputs: [String: [TaskRunInput]] = [:],
        stateID: UUID? = nil,
        state: State? = nil,
        stateType: StateType? = nil,
        stateName: String? = nil,
        stateTimestamp: Date? = nil,
        runCount: Int = 0,
        flowRunRunCount: Int = 0,
        expectedStartTime: Date? = nil,
        nextScheduledStartTime: Date? = nil,
        startTime: Date? = nil,
        endTime: Date? = nil,
        totalRunTime: TimeInterval = 0
    ) {
        self.id = id
        self.created = created
        self.updated = updated
        self.name = name
        self.flowRunID = flowRunID
        self.taskKey = taskKey
        self.dynamicKey = dynamicKey
        self.cacheKey = cacheKey
        self.cacheExpiration = cacheExpiration
        self.taskVersion = taskVersion
        self.empiricalPolicy = empiricalPolicy
        self.tags = tags
        self.labels = labels
        self.taskInputs = taskInputs
        self.stateID = stateID
        self.state = state
        self.stateType = stateType
        self.stateName = stateName
        self.stateTimestamp = stateTimestamp
        self.runCount = runCount
        self.flowRunRunCount = flowRunRunCount
        self.expectedStartTime = expectedStartTime
        self.nextScheduledStartTime = nextScheduledStartTime
        self.startTime = startTime
        self.endTime = endTime
        self.totalRunTime = totalRunTime
    }

    /// Run time so far: `totalRunTime`, plus the time since the current state began while RUNNING.
    public func estimatedRunTime(at now: Date) -> TimeInterval {
        guard stateType == .running, let stateTimestamp else { return totalRunTime }
        return totalRunTime + now.timeIntervalSince(stateTimestamp)
    }

    /// Lateness: how much later than expected the run started, or — not started, not finished
    /// and overdue — how late it is now; otherwise 0.
    ///
    /// A `nil` state type counts as not finished, as in Prefect's in-memory computation.
    public func estimatedStartTimeDelta(at now: Date) -> TimeInterval {
        guard let expectedStartTime else { return 0 }
        if let startTime {
            return startTime > expectedStartTime ? startTime.timeIntervalSince(expectedStartTime) : 0
        }
        if expectedStartTime < now && stateType?.isTerminal != true {
            return now.timeIntervalSince(expectedStartTime)
        }
        return 0
    }
}
