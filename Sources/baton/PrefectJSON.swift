import BatonProto

// Every message the client commands print with `--json`, as Prefect's JSON: its field
// names, `null` for absent values, state types and statuses by name. All the mappings
// live here so that the output format has one definition.

extension Baton_V1_TaskRun {
  var prefectJSON: JSONDocument {
    .object([
      ("id", .string(id)),
      ("created", .instant(created)),
      ("updated", .instant(updated)),
      ("name", .string(name)),
      ("flow_run_id", .text(flowRunID)),
      ("task_key", .string(taskKey)),
      ("dynamic_key", .string(dynamicKey)),
      ("cache_key", .text(cacheKey)),
      ("cache_expiration", .instant(cacheExpiration)),
      ("task_version", .text(taskVersion)),
      ("empirical_policy", (empiricalPolicy ?? Baton_V1_TaskRunPolicy()).prefectJSON),
      ("tags", .texts(tags)),
      ("labels", .freeForm(labels ?? [:])),
      ("task_inputs", .object(taskInputs.sorted { $0.key < $1.key }.map { ($0.key, .array($0.value.inputs.map(\.prefectJSON))) })),
      ("state_id", .text(stateID)),
      ("state", state?.prefectJSON ?? .null),
      ("state_type", .named(stateType)),
      ("state_name", .text(stateName)),
      ("run_count", .integer(Int64(runCount))),
      ("flow_run_run_count", .integer(Int64(flowRunRunCount))),
      ("expected_start_time", .instant(expectedStartTime)),
      ("next_scheduled_start_time", .instant(nextScheduledStartTime)),
      ("start_time", .instant(startTime)),
      ("end_time", .instant(endTime)),
      ("total_run_time", .number(totalRunTime)),
      ("estimated_run_time", .number(estimatedRunTime)),
      ("estimated_start_time_delta", .number(estimatedStartTimeDelta)),
    ])
  }
}

extension Baton_V1_TaskRunPolicy {
  var prefectJSON: JSONDocument {
    .object([
      ("max_retries", .integer(Int64(maxRetries))),
      ("retry_delay_seconds", .number(retryDelaySeconds)),
      ("retries", .whole(retries)),
      ("retry_delay", .freeForm(retryDelay)),
      ("retry_jitter_factor", .decimal(retryJitterFactor)),
    ])
  }
}

extension Baton_V1_TaskInput {
  /// Prefect's `TaskRunResult`, `FlowRunResult`, `Parameter` or `Constant`.
  var prefectJSON: JSONDocument {
    switch input {
    case .taskRun(let source): .object([("input_type", .string("task_run")), ("id", .string(source.id))])
    case .flowRun(let source): .object([("input_type", .string("flow_run")), ("id", .string(source.id))])
    case .parameter(let source): .object([("input_type", .string("parameter")), ("name", .string(source.name))])
    case .constant(let source): .object([("input_type", .string("constant")), ("type", .string(source.type))])
    case nil: .null
    }
  }
}

extension Baton_V1_State {
  var prefectJSON: JSONDocument {
    .object([
      ("id", .string(id)),
      ("type", .named(type)),
      ("name", .string(name)),
      ("timestamp", .instant(timestamp)),
      ("message", .text(message)),
      ("data", .freeForm(data)),
      ("state_details", (stateDetails ?? Baton_V1_StateDetails()).prefectJSON),
    ])
  }
}

extension Baton_V1_StateDetails {
  var prefectJSON: JSONDocument {
    .object([
      ("flow_run_id", .text(flowRunID)),
      ("task_run_id", .text(taskRunID)),
      ("child_flow_run_id", .text(childFlowRunID)),
      ("scheduled_time", .instant(scheduledTime)),
      ("cache_key", .text(cacheKey)),
      ("cache_expiration", .instant(cacheExpiration)),
      ("deferred", .flag(deferred)),
      ("untrackable_result", .bool(untrackableResult)),
      ("pause_timeout", .instant(pauseTimeout)),
      ("pause_reschedule", .bool(pauseReschedule)),
      ("pause_key", .text(pauseKey)),
      ("run_input_keyset", runInputKeyset.isEmpty ? .null : .object(runInputKeyset.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
      ("refresh_cache", .flag(refreshCache)),
      ("retriable", .flag(retriable)),
      ("transition_id", .text(transitionID)),
      ("task_parameters_id", .text(taskParametersID)),
      ("traceparent", .text(traceparent)),
      ("deployment_concurrency_lease_id", .text(deploymentConcurrencyLeaseID)),
    ])
  }
}

extension Baton_V1_OrchestrationResult {
  /// Prefect's `OrchestrationResult`: the state, the status and the typed details.
  var prefectJSON: JSONDocument {
    let details: JSONDocument =
      switch self.details {
      case .acceptDetails: .object([("type", .string("accept_details"))])
      case .rejectDetails(let reject): .object([("type", .string("reject_details")), ("reason", .text(reject.reason))])
      case .waitDetails(let wait):
        .object([
          ("type", .string("wait_details")), ("delay_seconds", .integer(wait.delaySeconds)), ("reason", .text(wait.reason)),
        ])
      case .abortDetails(let abort): .object([("type", .string("abort_details")), ("reason", .text(abort.reason))])
      case nil: .null
      }
    return .object([("state", state?.prefectJSON ?? .null), ("status", .named(status)), ("details", details)])
  }
}

extension Baton_V1_Flow {
  var prefectJSON: JSONDocument {
    .object([
      ("id", .string(id)),
      ("created", .instant(created)),
      ("updated", .instant(updated)),
      ("name", .string(name)),
      ("tags", .texts(tags)),
      ("labels", .freeForm(labels ?? [:])),
    ])
  }
}

extension Baton_V1_FlowRun {
  var prefectJSON: JSONDocument {
    .object([
      ("id", .string(id)),
      ("created", .instant(created)),
      ("updated", .instant(updated)),
      ("flow_id", .string(flowID)),
      ("name", .string(name)),
      ("tags", .texts(tags)),
      ("labels", .freeForm(labels ?? [:])),
      ("deployment_id", .text(deploymentID)),
      ("deployment_version", .text(deploymentVersion)),
      ("work_queue_name", .text(workQueueName)),
      ("work_queue_id", .text(workQueueID)),
      ("flow_version", .text(flowVersion)),
      ("idempotency_key", .text(idempotencyKey)),
      ("parent_task_run_id", .text(parentTaskRunID)),
      ("created_by", createdBy?.prefectJSON ?? .null),
      ("state_id", .text(stateID)),
      ("state_type", .named(stateType)),
      ("state_name", .text(stateName)),
      ("state", state?.prefectJSON ?? .null),
      ("run_count", .integer(Int64(runCount))),
      ("expected_start_time", .instant(expectedStartTime)),
      ("next_scheduled_start_time", .instant(nextScheduledStartTime)),
      ("start_time", .instant(startTime)),
      ("end_time", .instant(endTime)),
      ("total_run_time", .number(totalRunTime)),
      ("estimated_run_time", .number(estimatedRunTime)),
      ("estimated_start_time_delta", .number(estimatedStartTimeDelta)),
      ("empirical_policy", (empiricalPolicy ?? Baton_V1_FlowRunPolicy()).prefectJSON),
      ("parameters", .freeForm(parameters ?? [:])),
      ("context", .freeForm(context ?? [:])),
    ])
  }
}

extension Baton_V1_FlowRunPolicy {
  var prefectJSON: JSONDocument {
    .object([
      ("retries", .whole(retries)),
      ("retry_delay", .whole(retryDelay)),
      ("pause_keys", .texts(pauseKeys)),
      ("resuming", .flag(resuming)),
      ("retry_type", .text(retryType)),
    ])
  }
}

extension Baton_V1_CreatedBy {
  var prefectJSON: JSONDocument {
    .object([("id", .text(id)), ("type", .text(type)), ("display_value", .text(displayValue))])
  }
}

extension Baton_V1_Log {
  var prefectJSON: JSONDocument {
    .object([
      ("id", .string(id)),
      ("created", .instant(created)),
      ("updated", .instant(updated)),
      ("name", .string(name)),
      ("level", .integer(Int64(level))),
      ("message", .string(message)),
      ("timestamp", .instant(timestamp)),
      ("flow_run_id", .text(flowRunID)),
      ("task_run_id", .text(taskRunID)),
    ])
  }
}

extension Baton_V1_ConcurrencyLimit {
  var prefectJSON: JSONDocument {
    .object([
      ("id", .string(id)),
      ("created", .instant(created)),
      ("updated", .instant(updated)),
      ("tag", .string(tag)),
      ("concurrency_limit", .integer(Int64(concurrencyLimit))),
      ("active_slots", .texts(activeSlots)),
    ])
  }
}
