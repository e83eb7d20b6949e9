import BatonCore
import BatonProto
import BatonStore
import Foundation

// Task runs as the server returns them (spec task-run-api §1.6, §1.8).

extension Baton_V1_TaskRun {
  /// The wire form of a run, with the read-time fields `estimated_run_time` and
  /// `estimated_start_time_delta` computed as of `now`.
  public init(_ run: TaskRun, now: Date) {
    self.init()
    id = run.id.wireString
    created = run.created
    updated = run.updated
    name = run.name
    flowRunID = run.flowRunID?.wireString
    taskKey = run.taskKey
    dynamicKey = run.dynamicKey
    cacheKey = run.cacheKey
    cacheExpiration = run.cacheExpiration
    taskVersion = run.taskVersion
    empiricalPolicy = Baton_V1_TaskRunPolicy(run.empiricalPolicy)
    tags = run.tags
    labels = wireObject(run.labels)
    taskInputs = run.taskInputs.mapValues(Baton_V1_TaskInputs.init)
    stateID = run.stateID?.wireString
    state = run.state.map(Baton_V1_State.init)
    stateType = Baton_V1_StateType(run.stateType)
    stateName = run.stateName
    runCount = Int32(clamping: run.runCount)
    flowRunRunCount = Int32(clamping: run.flowRunRunCount)
    expectedStartTime = run.expectedStartTime
    nextScheduledStartTime = run.nextScheduledStartTime
    startTime = run.startTime
    endTime = run.endTime
    totalRunTime = run.totalRunTime
    estimatedRunTime = run.estimatedRunTime(at: now)
    estimatedStartTimeDelta = run.estimatedStartTimeDelta(at: now)
  }
}

extension TaskRun {
  /// Reads a run the server returned, for clients (the CLI, task workers) that work with
  /// domain values. The read-time fields are dropped; the hidden `state_timestamp` is the
  /// current state's timestamp, as the server keeps them equal.
  ///
  /// - Throws: `RequestValidationError` when an id is not a UUID, an enum value is unknown,
  ///   or `id`, `created` or `updated` is missing.
  public init(validating wire: Baton_V1_TaskRun) throws(RequestValidationError) {
    self = try RequestValidator.validate { validator in
      let id = validator.requiredUUID(wire.id, at: .request.member("id"))
      let created = validator.required(wire.created, at: .request.member("created"))
      let updated = validator.required(wire.updated, at: .request.member("updated"))
      let flowRunID = validator.optionalUUID(wire.flowRunID, at: .request.member("flow_run_id"))
      let taskInputs = validator.taskInputs(wire.taskInputs, at: .request.member("task_inputs"))
      let stateID = validator.optionalUUID(wire.stateID, at: .request.member("state_id"))
      let state = wire.state.flatMap { validator.state($0, at: .request.member("state")) }
      // UNSPECIFIED is "no state" here, not a missing value.
      let stateType =
        wire.stateType == .unspecified ? nil : validator.stateType(wire.stateType, at: .request.member("state_type"))
      guard let id, let created, let updated else { return nil }
      return TaskRun(
        id: id,
        created: created,
        updated: updated,
        name: wire.name,
        flowRunID: flowRunID,
        taskKey: wire.taskKey,
        dynamicKey: wire.dynamicKey,
        cacheKey: wire.cacheKey,
        cacheExpiration: wire.cacheExpiration,
        taskVersion: wire.taskVersion,
        empiricalPolicy: wire.empiricalPolicy.map(TaskRunPolicy.init) ?? TaskRunPolicy(),
        tags: wire.tags,
        labels: domainObject(wire.labels),
        taskInputs: taskInputs,
        stateID: stateID,
        state: state,
        stateType: stateType,
        stateName: wire.stateName,
        stateTimestamp: state?.timestamp,
        runCount: Int(wire.runCount),
        flowRunRunCount: Int(wire.flowRunRunCount),
        expectedStartTime: wire.expectedStartTime,
        nextScheduledStartTime: wire.nextScheduledStartTime,
        startTime: wire.startTime,
        endTime: wire.endTime,
        totalRunTime: wire.totalRunTime)
    }
  }
}

extension Baton_V1_CreateTaskRunResponse {
  /// The run a create returned and whether this call inserted it (Prefect's 201).
  public init(_ creation: TaskRunCreation, now: Date) {
    self.init()
    taskRun = Baton_V1_TaskRun(creation.run, now: now)
    created = creation.created
  }
}

extension Baton_V1_ReadTaskRunsResponse {
  public init(_ runs: [TaskRun], now: Date) {
    self.init()
    taskRuns = runs.map { Baton_V1_TaskRun($0, now: now) }
  }
}

extension Baton_V1_CountTaskRunsResponse {
  public init(count: Int) {
    self.init()
    self.count = Int64(count)
  }
}

extension Baton_V1_TaskRunEvent {
  /// A state change of a watched run: the run after the change, the written state and when
  /// the change was committed.
  public init(run: TaskRun, writtenState: State, occurred: Date, now: Date) {
    self.init()
    taskRun = Baton_V1_TaskRun(run, now: now)
    state = Baton_V1_State(writtenState)
    self.occurred = occurred
  }
}
