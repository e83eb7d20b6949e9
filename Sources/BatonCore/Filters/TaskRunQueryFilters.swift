/// The four filter families a task-run query accepts, ANDed together (spec task-run-api §3.5).
public struct TaskRunQueryFilters: Sendable, Hashable {
    public var flows: FlowFilter?
    public var flowRuns: FlowRunFilter?
    public var taskRuns: TaskRunFilter?
    public var deployments: DeploymentFilter?

    public init(
        flows: FlowFilter? = nil,
        flowRuns: FlowRunFilter? = nil,
        taskRuns: TaskRunFilter? = nil,
        deployments: DeploymentFilter? = nil
    ) {
        self.flows = flows
        self.flowRuns = flowRuns
        self.taskRuns = taskRuns
        self.deployments = deployments
    }

    /// Whether only task runs with an existing flow run can match: true as soon as a flow,
    /// flow-run or deployment filter is present, even an empty one.
    public var requiresFlowRun: Bool { flows != nil || flowRuns != nil || deployments != nil }
}
