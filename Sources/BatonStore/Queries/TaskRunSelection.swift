import BatonCore

/// The FROM and WHERE of a task-run query: `task_run`, the joins the filters need, and their
/// conditions (spec task-run-api §3.5).
///
/// A flow, flow-run or deployment filter — even an empty one — inner-joins the run's flow run,
/// which excludes autonomous runs; the joins are many-to-one, so each run appears once.
struct TaskRunSelection {
    let from: String
    let condition: SQLCondition

    init(_ filters: TaskRunQueryFilters) {
        var from = "task_run"
        var conditions: [SQLCondition] = []
        if filters.requiresFlowRun {
            from += " JOIN flow_run ON flow_run.id = task_run.flow_run_id"
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
        }
        if let taskRuns = filters.taskRuns {
            conditions.append(taskRuns.condition(on: "task_run"))
        }
        self.from = from
        self.condition = .combine(conditions)
    }
}

extension TaskRunSort {
    /// The ORDER BY terms, with `id` descending breaking ties so that pages are stable.
    var orderBy: String {
        let primary = "task_run.\(column) \(isAscending ? "ASC" : "DESC")"
        return self == .idDescending ? primary : primary + ", task_run.id DESC"
    }
}
