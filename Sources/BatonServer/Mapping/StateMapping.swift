import BatonCore
import BatonProto
import Foundation

// States, their details and proposals (spec task-run-api §1.1-§1.3).

extension StateType {
  /// The proto names of the state types, for messages about a bad value.
  static let wireNames = allCases.map { "STATE_TYPE_\($0.rawValue)" }

  /// The domain type of a wire value; `nil` for UNSPECIFIED and for numbers this build does
  /// not know.
  init?(_ wire: Baton_V1_StateType) {
    switch wire {
    case .scheduled: self = .scheduled
    case .pending: self = .pending
    case .running: self = .running
    case .completed: self = .completed
    case .failed: self = .failed
    case .cancelled: self = .cancelled
    case .crashed: self = .crashed
    case .paused: self = .paused
    case .cancelling: self = .cancelling
    case .unspecified, .UNRECOGNIZED: return nil
    }
  }
}

extension Baton_V1_StateType {
  /// The wire value of a state type; UNSPECIFIED stands for "no state".
  init(_ type: StateType?) {
    switch type {
    case nil: self = .unspecified
    case .scheduled: self = .scheduled
    case .pending: self = .pending
    case .running: self = .running
    case .completed: self = .completed
    case .failed: self = .failed
    case .cancelled: self = .cancelled
    case .crashed: self = .crashed
    case .paused: self = .paused
    case .cancelling: self = .cancelling
    }
  }
}

extension Baton_V1_StateDetails {
  init(_ details: StateDetails) {
    self.init()
    flowRunID = details.flowRunID?.wireString
    taskRunID = details.taskRunID?.wireString
    childFlowRunID = details.childFlowRunID?.wireString
    scheduledTime = details.scheduledTime
    cacheKey = details.cacheKey
    cacheExpiration = details.cacheExpiration
    deferred = details.deferred
    untrackableResult = details.untrackableResult
    pauseTimeout = details.pauseTimeout
    pauseReschedule = details.pauseReschedule
    pauseKey = details.pauseKey
    runInputKeyset = details.runInputKeyset ?? [:]
    refreshCache = details.refreshCache
    retriable = details.retriable
    transitionID = details.transitionID?.wireString
    taskParametersID = details.taskParametersID?.wireString
    traceparent = details.traceparent
    deploymentConcurrencyLeaseID = details.deploymentConcurrencyLeaseID?.wireString
  }
}

extension Baton_V1_State {
  init(_ state: State) {
    self.init()
    id = state.id.wireString
    type = Baton_V1_StateType(state.type)
    name = state.name
    timestamp = state.timestamp
    message = state.message
    data = state.data.map(WireJSON.init)
    stateDetails = Baton_V1_StateDetails(state.details)
  }
}

extension RequestValidator {
  /// A state type that must be set and known.
  mutating func stateType(_ wire: Baton_V1_StateType, at field: FieldPath) -> StateType? {
    enumValue(StateType(wire), rawValue: wire.rawValue, at: field, expected: StateType.wireNames)
  }

  /// State details; absent means all defaults, and ids must be UUIDs.
  mutating func stateDetails(_ wire: Baton_V1_StateDetails?, at field: FieldPath) -> StateDetails {
    guard let wire else { return StateDetails() }
    return StateDetails(
      flowRunID: optionalUUID(wire.flowRunID, at: field.member("flow_run_id")),
      taskRunID: optionalUUID(wire.taskRunID, at: field.member("task_run_id")),
      childFlowRunID: optionalUUID(wire.childFlowRunID, at: field.member("child_flow_run_id")),
      scheduledTime: timestamp(wire.scheduledTime, at: field.member("scheduled_time")),
      cacheKey: wire.cacheKey,
      cacheExpiration: timestamp(wire.cacheExpiration, at: field.member("cache_expiration")),
      // The proto documents an absent `deferred` as false, Prefect's default.
      deferred: wire.deferred ?? false,
      untrackableResult: wire.untrackableResult,
      pauseTimeout: timestamp(wire.pauseTimeout, at: field.member("pause_timeout")),
      pauseReschedule: wire.pauseReschedule,
      pauseKey: wire.pauseKey,
      // A proto map cannot be absent; empty stands for Prefect's null.
      runInputKeyset: wire.runInputKeyset.isEmpty ? nil : wire.runInputKeyset,
      refreshCache: wire.refreshCache,
      retriable: wire.retriable,
      transitionID: optionalUUID(wire.transitionID, at: field.member("transition_id")),
      taskParametersID: optionalUUID(wire.taskParametersID, at: field.member("task_parameters_id")),
      traceparent: wire.traceparent,
      deploymentConcurrencyLeaseID: optionalUUID(
        wire.deploymentConcurrencyLeaseID, at: field.member("deployment_concurrency_lease_id"))
    )
  }

  /// A proposed state with the defaults Prefect applies when it validates one: the type's
  /// name when the name is absent or empty, and `scheduled_time = now` for a SCHEDULED state
  /// without one.
  mutating func stateCreate(_ wire: Baton_V1_StateCreate, at field: FieldPath, now: Date) -> StateCreate? {
    let type = stateType(wire.type, at: field.member("type"))
    var details = stateDetails(wire.stateDetails, at: field.member("state_details"))
    guard let type else { return nil }
    if type == .scheduled && details.scheduledTime == nil {
      details.scheduledTime = now
    }
    let name = wire.name.flatMap { $0.isEmpty ? nil : $0 } ?? type.defaultName
    return StateCreate(
      type: type, name: name, message: wire.message, data: stateData(wire.data), details: details)
  }

  /// A state as the server returned it, for clients that read task runs back into the domain.
  mutating func state(_ wire: Baton_V1_State, at field: FieldPath) -> State? {
    let id = requiredUUID(wire.id, at: field.member("id"))
    let type = stateType(wire.type, at: field.member("type"))
    let timestamp = required(wire.timestamp, at: field.member("timestamp"))
    let details = stateDetails(wire.stateDetails, at: field.member("state_details"))
    guard let id, let type, let timestamp else { return nil }
    return State(
      id: id, type: type, name: wire.name, timestamp: timestamp, message: wire.message,
      data: stateData(wire.data), details: details)
  }

  /// State data: a JSON null is the same as no data.
  private func stateData(_ wire: WireJSON?) -> DomainJSON? {
    guard let wire, wire != .null else { return nil }
    return DomainJSON(wire)
  }
}
