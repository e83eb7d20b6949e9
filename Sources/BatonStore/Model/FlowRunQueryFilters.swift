import BatonCore

/// The four filter families a flow-run query accepts, ANDed together.
///
/// `taskRuns` keeps flow runs that have at least one task run matching it; `flows` and
/// `deployments` apply to the run's flow and deployment (a deployment filter, even empty,
/// excludes runs without one).
public struct FlowRunQueryFilters: Sendable, Hashable {
    public var flows: FlowFilter?
    public var flowRuns: FlowRunFilter?
    public var taskRuns: TaskRunFilter?
    public var deployments: DeploymentFilter?

    public init(
        flows: FlowFilter? = nil, flowRuns: FlowRunFilter? = nil, taskRuns: TaskRunFilter? = nil,
        deployments: DeploymentFilter? = nil
    ) {
        self.flows = flows
        self.flowRuns = flowRuns
        self.taskRuns = taskRuns
        self.deployments = deployments
    }
}
