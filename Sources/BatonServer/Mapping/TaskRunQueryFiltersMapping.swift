import BatonCore
import BatonProto

// The four filter families of a task-run query, as the list, count, history and watch
// requests carry them (spec task-run-api §3.5).

extension RequestValidator {
  /// The filters of a request; an absent family is no condition, a present one (even empty)
  /// requires a flow run.
  mutating func taskRunQueryFilters(
    flows: Baton_V1_FlowFilter?, flowRuns: Baton_V1_FlowRunFilter?, taskRuns: Baton_V1_TaskRunFilter?,
    deployments: Baton_V1_DeploymentFilter?
  ) -> TaskRunQueryFilters {
    TaskRunQueryFilters(
      flows: flows.map { flowFilter($0, at: .request.member("flows")) },
      flowRuns: flowRuns.map { flowRunFilter($0, at: .request.member("flow_runs")) },
      taskRuns: taskRuns.map { taskRunFilter($0, at: .request.member("task_runs")) },
      deployments: deployments.map { deploymentFilter($0, at: .request.member("deployments")) })
  }
}

extension TaskRunQueryFilters {
  /// The filters of a `CountTaskRuns` request.
  public init(validating request: Baton_V1_CountTaskRunsRequest) throws(RequestValidationError) {
    self = try RequestValidator.validate { validator in
      validator.taskRunQueryFilters(
        flows: request.flows, flowRuns: request.flowRuns, taskRuns: request.taskRuns,
        deployments: request.deployments)
    }
  }

  /// The filters of a `WatchTaskRuns` request.
  public init(validating request: Baton_V1_WatchTaskRunsRequest) throws(RequestValidationError) {
    self = try RequestValidator.validate { validator in
      validator.taskRunQueryFilters(
        flows: request.flows, flowRuns: request.flowRuns, taskRuns: request.taskRuns,
        deployments: request.deployments)
    }
  }
}
