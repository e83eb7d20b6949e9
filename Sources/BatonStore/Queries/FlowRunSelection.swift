import BatonCore

/// The FROM and WHERE of a flow-run query: `flow_run`, the joins the flow and deployment filters
/// need, and a task-run filter as "has at least one matching task run".
struct FlowRunSelection {
    let from: String
    let condition: SQLCondition

    init(_ filters: FlowRunQueryFilters) {
        var from = "flow_run"
        var conditions: [SQLCondition] = []
        if let flowRuns = filters.flowRuns {
            conditions.append(flowRuns.condition(on: "flow_run"))
        }
        if let flows = filters.flows {
            from += " JOIN flow ON flow.id = flow_run.flow_id"
            conditions.append(flows.condition(on: "flow"))
        }
        if let deployments = filters.deployments {
            from += " JOIN deployment ON deployment.id = flow_run.deployment_id"
            conditions.append(deployments.condition(on: "deployment"))
        }
        if let taskRuns = filters.taskRuns {
            let taskRunCondition = taskRuns.condition(on: "task_run")
            conditions.append(
                SQLCondition(
                    "EXISTS (SELECT 1 FROM task_run "
                        + "WHERE task_run.flow_run_id = flow_run.id AND \(taskRunCondition.sql))",
                    taskRunCondition.parameters))
        }
        self.from = from
        self.condition = .combine(conditions)
    }
}

extension FlowRunSort {
    /// The ORDER BY terms, with `id` descending breaking ties.
    var orderBy: String {
        let primary =
            switch self {
            case .idDescending: "flow_run.id DESC"
            case .startTimeAscending: "COALESCE(flow_run.start_time, flow_run.expected_start_time) ASC"
            case .startTimeDescending: "COALESCE(flow_run.start_time, flow_run.expected_start_time) DESC"
            case .expectedStartTimeAscending: "flow_run.expected_start_time ASC"
            case .expectedStartTimeDescending: "flow_run.expected_start_time DESC"
            case .nameAscending: "flow_run.name ASC"
            case .nameDescending: "flow_run.name DESC"
            case .nextScheduledStartTimeAscending: "flow_run.next_scheduled_start_time ASC"
            case .endTimeDescending: "flow_run.end_time DESC"
            }
        return self == .idDescending ? primary : primary + ", flow_run.id DESC"
    }
}
