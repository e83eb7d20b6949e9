import BatonClient
import BatonProto
import Foundation

extension Baton_V1_StringList {
  init(values: [String]) {
    self.init()
    self.values = values
  }
}

extension Baton_V1_StateTypeList {
  init(values: [Baton_V1_StateType]) {
    self.init()
    self.values = values
  }
}

/// The four filters every task-run query takes, to send the same ones to ReadTaskRuns,
/// CountTaskRuns and PaginateTaskRuns.
struct TaskRunFilterSet: Sendable {
  var flows: Baton_V1_FlowFilter?
  var flowRuns: Baton_V1_FlowRunFilter?
  var taskRuns: Baton_V1_TaskRunFilter?
  var deployments: Baton_V1_DeploymentFilter?

  var readRequest: Baton_V1_ReadTaskRunsRequest {
    .with {
      $0.flows = flows
      $0.flowRuns = flowRuns
      $0.taskRuns = taskRuns
      $0.deployments = deployments
    }
  }

  var countRequest: Baton_V1_CountTaskRunsRequest {
    .with {
      $0.flows = flows
      $0.flowRuns = flowRuns
      $0.taskRuns = taskRuns
      $0.deployments = deployments
    }
  }

  var paginateRequest: Baton_V1_PaginateTaskRunsRequest {
    .with {
      $0.flows = flows
      $0.flowRuns = flowRuns
      $0.taskRuns = taskRuns
      $0.deployments = deployments
    }
  }
}

extension BatonConnection {
  /// The names of the task runs ReadTaskRuns returns for `request`, in its order.
  func taskRunNames(_ request: Baton_V1_ReadTaskRunsRequest) async throws -> [String] {
    try await taskRuns.readTaskRuns(request).taskRuns.map(\.name)
  }
}
