import BatonProto
import Foundation

/// Messages with every field set, each with the protobuf JSON that Python builds the
/// same message from. Values probe the edges: empty and non-ASCII strings, zero in a
/// wrapper (present, unlike an absent one), negative numbers, dates before 1970.
enum Fixtures {
  /// The instant `unixSeconds` + `micros`, built as Baton's decoder builds it.
  static func instant(_ unixSeconds: Int64, micros: Int = 0) -> Date {
    Date(timeIntervalSinceReferenceDate: Double(unixSeconds - 978_307_200) + Double(micros) / 1_000_000)
  }

  static var stateDetails: Baton_V1_StateDetails {
    var details = Baton_V1_StateDetails()
    details.flowRunID = "0190d5a8-0000-7000-8000-000000000001"
    details.taskRunID = "0190d5a8-0000-7000-8000-000000000002"
    details.childFlowRunID = ""
    details.scheduledTime = instant(-2_208_988_800)
    details.cacheKey = "clé"
    details.cacheExpiration = instant(1_764_497_730, micros: 1)
    details.deferred = false
    details.untrackableResult = true
    details.pauseTimeout = instant(1_764_411_390)
    details.pauseReschedule = true
    details.pauseKey = "pause-1"
    details.runInputKeyset = ["description": "d", "schema": ""]
    details.refreshCache = true
    details.retriable = false
    details.transitionID = "0190d5a8-0000-7000-8000-000000000003"
    details.taskParametersID = "0190d5a8-0000-7000-8000-000000000004"
    details.traceparent = "00-abc-def-01"
    details.deploymentConcurrencyLeaseID = "0190d5a8-0000-7000-8000-000000000005"
    return details
  }

  static let stateDetailsJSON = """
    {"flow_run_id": "0190d5a8-0000-7000-8000-000000000001",
     "task_run_id": "0190d5a8-0000-7000-8000-000000000002",
     "child_flow_run_id": "",
     "scheduled_time": "1900-01-01T00:00:00Z",
     "cache_key": "clé",
     "cache_expiration": "2025-11-30T10:15:30.000001Z",
     "deferred": false,
     "untrackable_result": true,
     "pause_timeout": "2025-11-29T10:16:30Z",
     "pause_reschedule": true,
     "pause_key": "pause-1",
     "run_input_keyset": {"description": "d", "schema": ""},
     "refresh_cache": true,
     "retriable": false,
     "transition_id": "0190d5a8-0000-7000-8000-000000000003",
     "task_parameters_id": "0190d5a8-0000-7000-8000-000000000004",
     "traceparent": "00-abc-def-01",
     "deployment_concurrency_lease_id": "0190d5a8-0000-7000-8000-000000000005"}
    """

  static var state: Baton_V1_State {
    var state = Baton_V1_State()
    state.id = "0190d5a8-0000-7000-8000-0000000000aa"
    state.type = .running
    state.name = "Running ✓"
    state.timestamp = instant(1_764_411_330, micros: 123_456)
    state.message = ""
    state.data = ["result": [1, -2.5, nil, "x", ["deep": true]], "empty": [:]]
    state.stateDetails = stateDetails
    return state
  }

  static let stateJSON = """
    {"id": "0190d5a8-0000-7000-8000-0000000000aa",
     "type": "STATE_TYPE_RUNNING",
     "name": "Running ✓",
     "timestamp": "2025-11-29T10:15:30.123456Z",
     "message": "",
     "data": {"result": [1, -2.5, null, "x", {"deep": true}], "empty": {}},
     "state_details": \(stateDetailsJSON)}
    """

  static var taskRun: Baton_V1_TaskRun {
    var run = Baton_V1_TaskRun()
    run.id = "0190d5a8-0000-7000-8000-0000000000bb"
    run.created = instant(1_764_411_330)
    run.updated = instant(1_764_411_390, micros: 999_999)
    run.name = "tâche-numéro-1 🚀"
    run.flowRunID = "0190d5a8-0000-7000-8000-000000000001"
    run.taskKey = "etl.extract"
    run.dynamicKey = "0"
    run.cacheKey = ""
    run.cacheExpiration = instant(-1, micros: 500_000)
    run.taskVersion = "1.2"
    var policy = Baton_V1_TaskRunPolicy()
    policy.maxRetries = -3
    policy.retryDelaySeconds = 1.5
    policy.retries = 0
    policy.retryDelay = [1, 2.5, 10]
    policy.retryJitterFactor = 0.25
    run.empiricalPolicy = policy
    run.tags = ["db", "", "日本"]
    run.labels = ["env": "dev", "n": 3, "ok": true, "nothing": nil]
    var upstream = Baton_V1_TaskInput()
    var upstreamRun = Baton_V1_TaskRunInput()
    upstreamRun.id = "0190d5a8-0000-7000-8000-0000000000cc"
    upstream.input = .taskRun(upstreamRun)
    var parameter = Baton_V1_TaskInput()
    var parameterInput = Baton_V1_ParameterInput()
    parameterInput.name = "x"
    parameter.input = .parameter(parameterInput)
    var constant = Baton_V1_TaskInput()
    var constantInput = Baton_V1_ConstantInput()
    constantInput.type = "int"
    constant.input = .constant(constantInput)
    var x = Baton_V1_TaskInputs()
    x.inputs = [upstream]
    var z = Baton_V1_TaskInputs()
    z.inputs = [parameter, constant]
    run.taskInputs = ["x": x, "y": Baton_V1_TaskInputs(), "z": z]
    run.stateID = "0190d5a8-0000-7000-8000-0000000000aa"
    run.state = state
    run.stateType = .running
    run.stateName = "Running ✓"
    run.runCount = 2_147_483_647
    run.flowRunRunCount = -1
    run.expectedStartTime = instant(1_764_411_330)
    run.nextScheduledStartTime = instant(-2_208_988_800)
    run.startTime = instant(1_764_411_330, micros: 1)
    run.endTime = nil
    run.totalRunTime = 10.5
    run.estimatedRunTime = 1e300
    run.estimatedStartTimeDelta = -0.5
    return run
  }

  static let taskRunJSON = """
    {"id": "0190d5a8-0000-7000-8000-0000000000bb",
     "created": "2025-11-29T10:15:30Z",
     "updated": "2025-11-29T10:16:30.999999Z",
     "name": "tâche-numéro-1 🚀",
     "flow_run_id": "0190d5a8-0000-7000-8000-000000000001",
     "task_key": "etl.extract",
     "dynamic_key": "0",
     "cache_key": "",
     "cache_expiration": "1969-12-31T23:59:59.500Z",
     "task_version": "1.2",
     "empirical_policy": {"max_retries": -3, "retry_delay_seconds": 1.5, "retries": 0,
                          "retry_delay": [1, 2.5, 10], "retry_jitter_factor": 0.25},
     "tags": ["db", "", "日本"],
     "labels": {"env": "dev", "n": 3, "ok": true, "nothing": null},
     "task_inputs": {"x": {"inputs": [{"task_run": {"id": "0190d5a8-0000-7000-8000-0000000000cc"}}]},
                     "y": {},
                     "z": {"inputs": [{"parameter": {"name": "x"}}, {"constant": {"type": "int"}}]}},
     "state_id": "0190d5a8-0000-7000-8000-0000000000aa",
     "state": \(stateJSON),
     "state_type": "STATE_TYPE_RUNNING",
     "state_name": "Running ✓",
     "run_count": 2147483647,
     "flow_run_run_count": -1,
     "expected_start_time": "2025-11-29T10:15:30Z",
     "next_scheduled_start_time": "1900-01-01T00:00:00Z",
     "start_time": "2025-11-29T10:15:30.000001Z",
     "total_run_time": 10.5,
     "estimated_run_time": 1e300,
     "estimated_start_time_delta": -0.5}
    """

  static var setStateRequest: Baton_V1_SetTaskRunStateRequest {
    var create = Baton_V1_StateCreate()
    create.type = .failed
    create.name = nil
    create.message = "boom"
    create.data = .string("trace")
    var details = Baton_V1_StateDetails()
    details.deferred = true
    create.stateDetails = details
    var request = Baton_V1_SetTaskRunStateRequest()
    request.id = "0190d5a8-0000-7000-8000-0000000000bb"
    request.state = create
    request.force = true
    return request
  }

  static let setStateRequestJSON = """
    {"id": "0190d5a8-0000-7000-8000-0000000000bb",
     "state": {"type": "STATE_TYPE_FAILED", "message": "boom", "data": "trace",
               "state_details": {"deferred": true}},
     "force": true}
    """

  static var orchestrationResult: Baton_V1_OrchestrationResult {
    var result = Baton_V1_OrchestrationResult()
    result.state = state
    result.status = .wait
    var wait = Baton_V1_WaitDetails()
    wait.delaySeconds = -9_223_372_036_854_775_808
    wait.reason = "Concurrency limit for the db tag has been reached"
    result.details = .waitDetails(wait)
    result.created = false
    return result
  }

  static let orchestrationResultJSON = """
    {"state": \(stateJSON),
     "status": "SET_STATE_STATUS_WAIT",
     "wait_details": {"delay_seconds": "-9223372036854775808",
                      "reason": "Concurrency limit for the db tag has been reached"}}
    """

  static var readTaskRunsRequest: Baton_V1_ReadTaskRunsRequest {
    var request = Baton_V1_ReadTaskRunsRequest()
    request.flows = Baton_V1_FlowFilter()
    var taskRuns = Baton_V1_TaskRunFilter()
    taskRuns.operator = .or
    var ids = Baton_V1_TaskRunFilterId()
    ids.any_ = Baton_V1_StringList()
    taskRuns.id = ids
    var name = Baton_V1_TaskRunFilterName()
    name.like_ = "d_1%"
    taskRuns.name = name
    var state = Baton_V1_TaskRunFilterState()
    var stateType = Baton_V1_TaskRunFilterStateType()
    var types = Baton_V1_StateTypeList()
    types.values = [.completed, .UNRECOGNIZED(42)]
    stateType.any_ = types
    state.type = stateType
    taskRuns.state = state
    taskRuns.flowRunID = Baton_V1_TaskRunFilterFlowRunId()
    request.taskRuns = taskRuns
    request.sort = .expectedStartTimeDesc
    request.limit = 0
    request.offset = 7
    return request
  }

  static let readTaskRunsRequestJSON = """
    {"flows": {},
     "task_runs": {"operator": "OPERATOR_OR", "id": {"any_": {}}, "name": {"like_": "d_1%"},
                   "state": {"type": {"any_": {"values": ["STATE_TYPE_COMPLETED", 42]}}},
                   "flow_run_id": {}},
     "sort": "TASK_RUN_SORT_EXPECTED_START_TIME_DESC",
     "limit": 0,
     "offset": 7}
    """

  static var subscribeMessage: Baton_V1_TaskWorkerMessage {
    var subscribe = Baton_V1_Subscribe()
    subscribe.taskKeys = ["etl.extract", "etl.load"]
    subscribe.clientID = "worker-ü"
    subscribe.prefetch = 4
    var message = Baton_V1_TaskWorkerMessage()
    message.kind = .subscribe(subscribe)
    return message
  }

  static let subscribeMessageJSON = """
    {"subscribe": {"task_keys": ["etl.extract", "etl.load"], "client_id": "worker-ü", "prefetch": 4}}
    """

  static var ackMessage: Baton_V1_TaskWorkerMessage {
    var ack = Baton_V1_Ack()
    ack.taskRunID = "0190d5a8-0000-7000-8000-0000000000bb"
    var message = Baton_V1_TaskWorkerMessage()
    message.kind = .ack(ack)
    return message
  }

  static let ackMessageJSON = """
    {"ack": {"task_run_id": "0190d5a8-0000-7000-8000-0000000000bb"}}
    """

  static var deliveryEvent: Baton_V1_TaskWorkerEvent {
    var event = Baton_V1_TaskWorkerEvent()
    event.kind = .taskRun(taskRun)
    return event
  }

  static let deliveryEventJSON = """
    {"task_run": \(taskRunJSON)}
    """
}
