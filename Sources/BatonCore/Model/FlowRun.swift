import Foundation

/// The parts of a flow run that task orchestration and task-run filters look at.
///
/// Task rules read its current state (is the flow running or paused?) and its `runCount`
/// (has the flow been retried since the task last ran?).
public struct FlowRun: Sendable, Hashable {
    public var id: UUID
    public var flowID: UUID
    public var name: String
    public var tags: [String]
    /// Copied into the labels of task runs created under this flow run.
    public var labels: [String: JSONValue]
    public var deploymentID: UUID?
    public var workQueueName: String?
    public var flowVersion: String?
    public var idempotencyKey: String?
    public var parentTaskRunID: UUID?
    /// The current state; `nil` when the flow run has none yet.
    public var state: State?
    public var runCount: Int
    public var expectedStartTime: Date?
    public var nextScheduledStartTime: Date?
    public var startTime: Date?
    public var endTime: Date?

    public init(
        id: UUID,
        flowID: UUID,
        name: String,
        tags: [String] = [],
        labels: [String: JSONValue] = [:],
        deploymentID: UUID? = nil,
        workQueueName: String? = nil,
        flowVersion: String? = nil,
        idempotencyKey: String? = nil,
        parentTaskRunID: UUID? = nil,
        state: State? = nil,
        runCount: Int = 0,
        expectedStartTime: Date? = nil,
        nextScheduledStartTime: Date? = nil,
        startTime: Date? = nil,
        endTime: Date? = nil
    ) {
        self.id = id
        self.flowID = flowID
        self.name = name
        self.tags = tags
        self.labels = labels
        self.deploymentID = deploymentID
        self.workQueueName = workQueueName
        self.flowVersion = flowVersion
        self.idempotencyKey = idempotencyKey
        self.parentTaskRunID = parentTaskRunID
        self.state = state
        self.runCount = runCount
        self.expectedStartTime = expectedStartTime
        self.nextScheduledStartTime = nextScheduledStartTime
        self.startTime = startTime
        self.endTime = endTime
    }
}
