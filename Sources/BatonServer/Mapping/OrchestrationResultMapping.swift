import BatonCore
import BatonProto
import BatonStore

// The answer to a set-state call (spec task-run-api §2.9). Outcomes are data, never errors.

extension Baton_V1_SetStateStatus {
  init(_ status: SetStateStatus) {
    switch status {
    case .accept: self = .accept
    case .reject: self = .reject
    case .wait: self = .wait
    case .abort: self = .abort
    }
  }
}

extension Baton_V1_OrchestrationResult {
  /// - Parameter created: Whether the call wrote a new state row (Prefect's 201).
  public init(_ result: OrchestrationResult, created: Bool) {
    self.init()
    state = result.state.map(Baton_V1_State.init)
    status = Baton_V1_SetStateStatus(result.status)
    self.created = created
    switch result.details {
    case .accept:
      details = .acceptDetails(Baton_V1_AcceptDetails())
    case .reject(let reason):
      var reject = Baton_V1_RejectDetails()
      reject.reason = reason
      details = .rejectDetails(reject)
    case .wait(let delaySeconds, let reason):
      var wait = Baton_V1_WaitDetails()
      wait.delaySeconds = Int64(delaySeconds)
      wait.reason = reason
      details = .waitDetails(wait)
    case .abort(let reason):
      var abort = Baton_V1_AbortDetails()
      abort.reason = reason
      details = .abortDetails(abort)
    }
  }

  /// The answer to `SetTaskRunState`.
  public init(_ orchestration: TaskRunOrchestration) {
    self.init(orchestration.result, created: orchestration.stateWritten)
  }

  /// The answer to `SetFlowRunState`.
  public init(_ orchestration: FlowRunOrchestration) {
    self.init(orchestration.result, created: orchestration.stateWritten)
  }
}
