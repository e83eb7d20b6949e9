import BatonClient
import BatonProto
import Foundation

extension Baton_V1_StateCreate {
  /// A proposal of `type`, named `name` when given (else the server picks the type's name).
  static func of(
    _ type: Baton_V1_StateType, name: String? = nil, details: (inout Baton_V1_StateDetails) -> Void = { _ in }
  ) -> Baton_V1_StateCreate {
    .with {
      $0.type = type
      $0.name = name
      $0.stateDetails = .with(details)
    }
  }
}

extension Baton_V1_OrchestrationResult {
  /// The reason of a REJECT, WAIT or ABORT; `nil` for ACCEPT.
  var reason: String? {
    switch details {
    case .rejectDetails(let details): details.reason
    case .waitDetails(let details): details.reason
    case .abortDetails(let details): details.reason
    case .acceptDetails, nil: nil
    }
  }

  /// The delay of a WAIT; `nil` for the other outcomes.
  var delaySeconds: Int64? {
    guard case .waitDetails(let details) = details else { return nil }
    return details.delaySeconds
  }
}

/// Set-up steps the tests share: the objects a task run hangs off, made through the API.
extension BatonConnection {
  /// A new flow with a unique name.
  func makeFlow(
    named name: String = "flow-\(UUID().uuidString)", tags: [String] = [], labels: [String: JSONValue]? = nil
  ) async throws -> Baton_V1_Flow {
    try await flows.createFlow(
      .with {
        $0.name = name
        $0.tags = tags
        $0.labels = labels
      }
    ).flow!
  }

  /// A flow run in `state` (RUNNING, so that its task runs may run), of `flowID` or of a new flow.
  func makeFlowRun(
    flowID: String? = nil, state: Baton_V1_StateType = .running,
    _ configure: (inout Baton_V1_CreateFlowRunRequest) -> Void = { _ in }
  ) async throws -> Baton_V1_FlowRun {
    var request = Baton_V1_CreateFlowRunRequest.with(configure)
    if let flowID {
      request.flowID = flowID
    } else if request.flowID.isEmpty {
      request.flowID = try await makeFlow().id
    }
    request.state = .of(state)
    return try await flowRuns.createFlowRun(request).flowRun!
  }

  /// A new task run with `task_key` "task" and dynamic key "0" unless `configure` says otherwise.
  func makeTaskRun(
    _ configure: (inout Baton_V1_CreateTaskRunRequest) -> Void = { _ in }
  ) async throws -> Baton_V1_TaskRun {
    let response = try await taskRuns.createTaskRun(
      .with {
        $0.taskKey = "task"
        $0.dynamicKey = "0"
        configure(&$0)
      })
    return response.taskRun!
  }

  /// Proposes `state` for the task run `id`.
  func propose(
    _ state: Baton_V1_StateCreate, to id: String, force: Bool = false
  ) async throws -> Baton_V1_OrchestrationResult {
    try await taskRuns.setTaskRunState(
      .with {
        $0.id = id
        $0.state = state
        $0.force = force
      })
  }

  /// The task run `id` as the server has it now.
  func taskRun(_ id: String) async throws -> Baton_V1_TaskRun {
    try await taskRuns.readTaskRun(.with { $0.id = id })
  }
}
