import BatonCore
import BatonProto
import BatonStore
import Foundation

// Flow runs, as far as the task-run API needs them (spec task-run-api §5).

extension Baton_V1_FlowRun {
  /// The wire form of a run, with the read-time fields `estimated_run_time` and
  /// `estimated_start_time_delta` computed as of `now`.
  public init(_ stored: StoredFlowRun, now: Date) {
    let run = stored.flowRun
    self.init()
    id = run.id.wireString
    created = stored.created
    updated = stored.updated
    flowID = run.flowID.wireString
    name = run.name
    tags = run.tags
    labels = wireObject(run.labels)
    deploymentID = run.deploymentID?.wireString
    deploymentVersion = stored.deploymentVersion
    workQueueName = run.workQueueName
    workQueueID = stored.workQueueID?.wireString
    flowVersion = run.flowVersion
    idempotencyKey = run.idempotencyKey
    parentTaskRunID = run.parentTaskRunID?.wireString
    createdBy = stored.createdBy.map(Baton_V1_CreatedBy.init)
    stateID = run.state?.id.wireString
    stateType = Baton_V1_StateType(run.state?.type)
    stateName = run.state?.name
    state = run.state.map(Baton_V1_State.init)
    runCount = Int32(clamping: run.runCount)
    expectedStartTime = run.expectedStartTime
    nextScheduledStartTime = run.nextScheduledStartTime
    startTime = run.startTime
    endTime = run.endTime
    totalRunTime = stored.totalRunTime
    estimatedRunTime = stored.estimatedRunTime(at: now)
    estimatedStartTimeDelta = stored.estimatedStartTimeDelta(at: now)
    empiricalPolicy = Baton_V1_FlowRunPolicy(stored.empiricalPolicy)
    parameters = wireObject(stored.parameters)
    context = wireObject(stored.context)
  }
}

extension Baton_V1_CreatedBy {
  init(_ createdBy: CreatedBy) {
    self.init()
    id = createdBy.id?.wireString
    type = createdBy.type
    displayValue = createdBy.displayValue
  }
}

extension Baton_V1_FlowRunPolicy {
  init(_ policy: FlowRunPolicy) {
    self.init()
    retries = policy.retries.map { Int32(clamping: $0) }
    retryDelay = policy.retryDelay.map { Int32(clamping: $0) }
    pauseKeys = policy.pauseKeys
    resuming = policy.resuming
    retryType = policy.retryType
  }
}

extension Baton_V1_CreateFlowRunResponse {
  public init(_ creation: FlowRunCreation, now: Date) {
    self.init()
    flowRun = Baton_V1_FlowRun(creation.run, now: now)
    created = creation.created
  }
}

extension Baton_V1_ReadFlowRunsResponse {
  public init(_ runs: [StoredFlowRun], now: Date) {
    self.init()
    flowRuns = runs.map { Baton_V1_FlowRun($0, now: now) }
  }
}

extension FlowRunCreate {
  /// The values Prefect accepts for `empirical_policy.retry_type`.
  static let retryTypes = ["in_process", "reschedule"]

  /// A validated `CreateFlowRun` request.
  ///
  /// - Parameter now: The server clock, which a SCHEDULED initial state without
  ///   `scheduled_time` is due at.
  public init(validating request: Baton_V1_CreateFlowRunRequest, now: Date) throws(RequestValidationError) {
    self = try RequestValidator.validate { validator in
      let flowID = validator.requiredUUID(request.flowID, at: .request.member("flow_id"))
      let labels = validator.labels(request.labels, at: .request.member("labels"))
      let deploymentID = validator.optionalUUID(request.deploymentID, at: .request.member("deployment_id"))
      let parentTaskRunID = validator.optionalUUID(
        request.parentTaskRunID, at: .request.member("parent_task_run_id"))
      let createdBy = request.createdBy.map { createdBy in
        CreatedBy(
          id: validator.optionalUUID(createdBy.id, at: .request.member("created_by").member("id")),
          type: createdBy.type, displayValue: createdBy.displayValue)
      }
      let policy = validator.flowRunPolicy(request.empiricalPolicy, at: .request.member("empirical_policy"))
      // An absent state is the store's PENDING default; a present one must be valid.
      var state: StateCreate?
      if let proposal = request.state {
        state = validator.stateCreate(proposal, at: .request.member("state"), now: now)
        if state == nil { return nil }
      }
      guard let flowID else { return nil }
      return FlowRunCreate(
        flowID: flowID, name: request.name, tags: request.tags, labels: labels, deploymentID: deploymentID,
        deploymentVersion: request.deploymentVersion, workQueueName: request.workQueueName,
        flowVersion: request.flowVersion, idempotencyKey: request.idempotencyKey, parentTaskRunID: parentTaskRunID,
        createdBy: createdBy, parameters: domainObject(request.parameters), context: domainObject(request.context),
        empiricalPolicy: policy, state: state)
    }
  }
}

extension RequestValidator {
  /// A flow run's policy: absent means all defaults; `retry_type` is `in_process`,
  /// `reschedule` or absent.
  mutating func flowRunPolicy(_ wire: Baton_V1_FlowRunPolicy?, at field: FieldPath) -> FlowRunPolicy {
    guard let wire else { return FlowRunPolicy() }
    if let retryType = wire.retryType, !FlowRunCreate.retryTypes.contains(retryType) {
      reject(field.member("retry_type"), "Input should be 'in_process' or 'reschedule'")
    }
    return FlowRunPolicy(
      retries: wire.retries.map(Int.init), retryDelay: wire.retryDelay.map(Int.init), pauseKeys: wire.pauseKeys,
      resuming: wire.resuming, retryType: wire.retryType)
  }
}

/// A validated `ReadFlowRuns` request: filters, order (default `ID_DESC`) and window.
public struct FlowRunListQuery: Sendable, Hashable {
  public var filters: FlowRunQueryFilters
  public var sort: FlowRunSort
  /// 0...200; 200 when the request has none.
  public var limit: Int
  public var offset: Int

  public init(validating request: Baton_V1_ReadFlowRunsRequest) throws(RequestValidationError) {
    self = try RequestValidator.validate { validator in
      let filters = FlowRunQueryFilters(
        flows: request.flows.map { validator.flowFilter($0, at: .request.member("flows")) },
        flowRuns: request.flowRuns.map { validator.flowRunFilter($0, at: .request.member("flow_runs")) },
        taskRuns: request.taskRuns.map { validator.taskRunFilter($0, at: .request.member("task_runs")) },
        deployments: request.deployments.map { validator.deploymentFilter($0, at: .request.member("deployments")) })
      let sort = validator.flowRunSort(request.sort, at: .request.member("sort"))
      let window = validator.listWindow(limit: request.limit, offset: request.offset)
      return FlowRunListQuery(filters: filters, sort: sort, limit: window.limit, offset: window.offset)
    }
  }

  private init(filters: FlowRunQueryFilters, sort: FlowRunSort, limit: Int, offset: Int) {
    self.filters = filters
    self.sort = sort
    self.limit = limit
    self.offset = offset
  }
}
