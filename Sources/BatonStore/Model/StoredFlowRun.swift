import BatonCore
import Foundation

/// A flow run as stored: BatonCore's `FlowRun` (what task orchestration and filters look at)
/// plus the columns only the API returns.
public struct StoredFlowRun: Sendable, Hashable {
    public var flowRun: FlowRun
    public var created: Date
    public var updated: Date
    public var deploymentVersion: String?
    public var workQueueID: UUID?
    public var createdBy: CreatedBy?
    /// Seconds spent in RUNNING states that have ended.
    public var totalRunTime: TimeInterval
    public var empiricalPolicy: FlowRunPolicy
    public var parameters: [String: JSONValue]
    public var context: [String: JSONValue]

    public init(
        flowRun: FlowRun,
        created: Date,
        updated: Date,
        deploymentVersion: String? = nil,
        workQueueID: UUID? = nil,
        createdBy: CreatedBy? = nil,
        totalRunTime: TimeInterval = 0,
        empiricalPolicy: FlowRunPolicy = FlowRunPolicy(),
        parameters: [String: JSONValue] = [:],
        context: [String: JSONValue] = [:]
    ) {
        self.flowRun = flowRun
        self.created = created
        self.updated = updated
        self.deploymentVersion = deploymentVersion
        self.workQueueID = workQueueID
        self.createdBy = createdBy
        self.totalRunTime = totalRunTime
        self.empiricalPolicy = empiricalPolicy
        self.parameters = parameters
        self.context = context
    }

    /// Run time so far: `totalRunTime`, plus the time since the current state began while RUNNING.
    public func estimatedRunTime(at now: Date) -> TimeInterval {
        guard let state = flowRun.state, state.type == .running else { return totalRunTime }
        return totalRunTime + now.timeIntervalSince(state.timestamp)
    }

    /// Lateness: how much later than expected the run started, or — not started, not finished
    /// and overdue — how late it is now; otherwise 0.
    public func estimatedStartTimeDelta(at now: Date) -> TimeInterval {
        guard let expected = flowRun.expectedStartTime else { return 0 }
        if let start = flowRun.startTime {
            return start > expected ? start.timeIntervalSince(expected) : 0
        }
        if expected < now && flowRun.state?.type.isTerminal != true {
            return now.timeIntervalSince(expected)
        }
        return 0
    }
}
