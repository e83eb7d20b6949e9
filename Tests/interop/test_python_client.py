"""The baton.v1 API used from Python as a user would: stubs generated from proto/ with
grpc_tools, plain grpcio channels, against a live `baton serve`."""
import datetime
import subprocess
import time
import uuid

import grpc
import pytest
from google.protobuf import struct_pb2, timestamp_pb2, wrappers_pb2

import baton_interop_support as support
from baton.v1 import (
    concurrency_limits_pb2, concurrency_limits_pb2_grpc, filters_pb2, flow_runs_pb2, flow_runs_pb2_grpc,
    flows_pb2, flows_pb2_grpc, logs_pb2, logs_pb2_grpc, states_pb2, task_runs_pb2, task_runs_pb2_grpc)
from baton_interop_support import CALL_TIMEOUT

PENDING, RUNNING, COMPLETED, SCHEDULED, FAILED = (
    states_pb2.STATE_TYPE_PENDING, states_pb2.STATE_TYPE_RUNNING, states_pb2.STATE_TYPE_COMPLETED,
    states_pb2.STATE_TYPE_SCHEDULED, states_pb2.STATE_TYPE_FAILED)
ACCEPT, REJECT, WAIT, ABORT = (
    states_pb2.SET_STATE_STATUS_ACCEPT, states_pb2.SET_STATE_STATUS_REJECT,
    states_pb2.SET_STATE_STATUS_WAIT, states_pb2.SET_STATE_STATUS_ABORT)
REFLECTION_LIST_SERVICES = b"\x3a\x00"  # ServerReflectionRequest{list_services: ""}


@pytest.fixture(scope="module")
def task_runs(baton_channel):
    return task_runs_pb2_grpc.TaskRunsStub(baton_channel)


@pytest.fixture(scope="module")
def flows(baton_channel):
    return flows_pb2_grpc.FlowsStub(baton_channel)


@pytest.fixture(scope="module")
def flow_runs(baton_channel):
    return flow_runs_pb2_grpc.FlowRunsStub(baton_channel)


@pytest.fixture(scope="module")
def logs(baton_channel):
    return logs_pb2_grpc.LogsStub(baton_channel)


@pytest.fixture(scope="module")
def limits(baton_channel):
    return concurrency_limits_pb2_grpc.ConcurrencyLimitsStub(baton_channel)


def unique(prefix):
    """A name no other test uses, so tests sharing one server do not see each other's runs."""
    return "%s-%s" % (prefix, uuid.uuid4().hex[:12])


def create(task_runs, metadata=(), **fields):
    fields.setdefault("task_key", unique("task"))
    fields.setdefault("dynamic_key", "0")
    request = task_runs_pb2.CreateTaskRunRequest(**fields)
    return task_runs.CreateTaskRun(request, timeout=CALL_TIMEOUT, metadata=metadata)


def set_state(task_runs, run_id, state_type, **state_fields):
    request = task_runs_pb2.SetTaskRunStateRequest(
        id=run_id, state=states_pb2.StateCreate(type=state_type, **state_fields))
    return task_runs.SetTaskRunState(request, timeout=CALL_TIMEOUT)


def read(task_runs, run_id):
    return task_runs.ReadTaskRun(task_runs_pb2.ReadTaskRunRequest(id=run_id), timeout=CALL_TIMEOUT)


def tagged(*tags):
    return filters_pb2.TaskRunFilter(tags=filters_pb2.TaskRunFilterTags(all_=tags))


def timestamp(instant):
    value = timestamp_pb2.Timestamp()
    value.FromDatetime(instant)
    return value


def rpc_error(call):
    with pytest.raises(grpc.RpcError) as raised:
        call()
    return raised.value


def pending_flow_run(flows, flow_runs):
    flow = flows.CreateFlow(flows_pb2.CreateFlowRequest(name=unique("flow")), timeout=CALL_TIMEOUT).flow
    request = flow_runs_pb2.CreateFlowRunRequest(flow_id=flow.id)
    return flow_runs.CreateFlowRun(request, timeout=CALL_TIMEOUT).flow_run


def running_flow_run(flows, flow_runs):
    flow_run = pending_flow_run(flows, flow_runs)
    result = flow_runs.SetFlowRunState(flow_runs_pb2.SetFlowRunStateRequest(
        id=flow_run.id, state=states_pb2.StateCreate(type=RUNNING)), timeout=CALL_TIMEOUT)
    assert result.status == ACCEPT
    return flow_run


def test_create_is_idempotent_on_its_keys(task_runs):
    first = create(task_runs, task_key="say-hello-" + uuid.uuid4().hex, tags=["demo"])
    assert first.created
    run = first.task_run
    assert uuid.UUID(run.id) and run.name and run.tags == ["demo"]
    assert (run.state_type, run.state_name.value, run.state.name) == (PENDING, "Pending", "Pending")
    assert run.state.state_details.task_run_id.value == run.id
    assert not run.HasField("flow_run_id")

    again = create(task_runs, task_key=run.task_key, name=wrappers_pb2.StringValue(value="ignored"))
    assert not again.created
    assert support.stored(again.task_run) == support.stored(read(task_runs, run.id)) == support.stored(run)
    assert again.task_run.name == run.name


def test_client_chosen_id(task_runs):
    run_id = str(uuid.uuid4())
    run = create(task_runs, id=wrappers_pb2.StringValue(value=run_id)).task_run
    assert run.id == run_id
    error = rpc_error(lambda: create(task_runs, id=wrappers_pb2.StringValue(value=run_id)))
    assert error.code() == grpc.StatusCode.ALREADY_EXISTS


def test_ids_in_pythons_other_spellings(task_runs):
    chosen = uuid.uuid4()
    run = create(task_runs, id=wrappers_pb2.StringValue(value=chosen.hex.upper())).task_run
    assert run.id == str(chosen)
    assert read(task_runs, chosen.urn).id == str(chosen)
    assert read(task_runs, "{%s}" % chosen).id == str(chosen)


def test_state_history(task_runs):
    run = create(task_runs).task_run
    for state_type in (RUNNING, COMPLETED):
        assert set_state(task_runs, run.id, state_type).status == ACCEPT
    states = task_runs.ReadTaskRunStates(
        task_runs_pb2.ReadTaskRunStatesRequest(task_run_id=run.id), timeout=CALL_TIMEOUT).states
    assert [state.type for state in states] == [PENDING, RUNNING, COMPLETED]
    one = task_runs.ReadTaskRunState(task_runs_pb2.ReadTaskRunStateRequest(id=states[1].id), timeout=CALL_TIMEOUT)
    assert one == states[1]
    missing = rpc_error(lambda: task_runs.ReadTaskRunState(
        task_runs_pb2.ReadTaskRunStateRequest(id=str(uuid.uuid4())), timeout=CALL_TIMEOUT))
    assert missing.code() == grpc.StatusCode.NOT_FOUND


def test_read_and_rename(task_runs):
    run = create(task_runs, name=wrappers_pb2.StringValue(value="before")).task_run
    assert support.stored(read(task_runs, run.id)) == support.stored(run)
    task_runs.UpdateTaskRun(task_runs_pb2.UpdateTaskRunRequest(
        id=run.id, name=wrappers_pb2.StringValue(value="after")), timeout=CALL_TIMEOUT)
    renamed = read(task_runs, run.id)
    assert renamed.name == "after"
    assert renamed.updated.ToDatetime() > run.updated.ToDatetime()
    assert renamed.created == run.created


def test_read_many_with_filters_and_sort(task_runs, flows, flow_runs):
    flow_run = running_flow_run(flows, flow_runs)
    tag = unique("tag")
    names = ["b-run", "a-run", "c-run"]
    runs = {name: create(task_runs, name=wrappers_pb2.StringValue(value=name),
                         tags=[tag] + (["x"] if name != "c-run" else []),
                         flow_run_id=wrappers_pb2.StringValue(value=flow_run.id)).task_run for name in names}
    # Named, not a random slug: "agile-…" would sort between "a-run" and "b-run".
    autonomous = create(task_runs, name=wrappers_pb2.StringValue(value="z-run"), tags=[tag]).task_run
    assert set_state(task_runs, runs["a-run"].id, RUNNING).status == ACCEPT

    def read_many(**request):
        response = task_runs.ReadTaskRuns(task_runs_pb2.ReadTaskRunsRequest(**request), timeout=CALL_TIMEOUT)
        return [run.name for run in response.task_runs]

    in_flow_run = filters_pb2.TaskRunFilter(flow_run_id=filters_pb2.TaskRunFilterFlowRunId(
        any_=filters_pb2.StringList(values=[flow_run.id])))
    assert read_many(task_runs=in_flow_run, sort=task_runs_pb2.TASK_RUN_SORT_NAME_ASC) == sorted(names)
    assert read_many(task_runs=in_flow_run, sort=task_runs_pb2.TASK_RUN_SORT_NAME_DESC) == sorted(names, reverse=True)
    assert read_many(task_runs=tagged(tag, "x"), sort=task_runs_pb2.TASK_RUN_SORT_NAME_ASC) == ["a-run", "b-run"]

    running = tagged(tag)
    running.state.type.any_.values.append(RUNNING)
    assert read_many(task_runs=running) == ["a-run"]
    pending_or_running = tagged(tag)
    pending_or_running.state.type.any_.values.extend([PENDING, RUNNING])
    assert len(read_many(task_runs=pending_or_running)) == 4

    # Default order is id descending; only the autonomous run has no flow run.
    everything = task_runs.ReadTaskRuns(task_runs_pb2.ReadTaskRunsRequest(task_runs=tagged(tag)), timeout=CALL_TIMEOUT)
    ids = [run.id for run in everything.task_runs]
    assert ids == sorted(ids, reverse=True) and autonomous.id in ids
    without_flow_run = tagged(tag)
    without_flow_run.flow_run_id.is_null_.value = True
    assert read_many(task_runs=without_flow_run) == [autonomous.name]
    # A flow-run filter requires a flow run.
    assert len(read_many(task_runs=tagged(tag), flow_runs=filters_pb2.FlowRunFilter())) == 3
    assert read_many(task_runs=tagged(tag), sort=task_runs_pb2.TASK_RUN_SORT_NAME_ASC,
                     limit=wrappers_pb2.Int32Value(value=2), offset=1) == ["b-run", "c-run"]


def test_count_and_paginate(task_runs):
    tag = unique("page")
    created = {create(task_runs, tags=[tag]).task_run.id for _ in range(5)}
    count = task_runs.CountTaskRuns(task_runs_pb2.CountTaskRunsRequest(task_runs=tagged(tag)), timeout=CALL_TIMEOUT)
    assert count.count == 5

    def page(number):
        return task_runs.PaginateTaskRuns(task_runs_pb2.PaginateTaskRunsRequest(
            task_runs=tagged(tag), limit=wrappers_pb2.Int32Value(value=2), page=wrappers_pb2.Int32Value(value=number)),
            timeout=CALL_TIMEOUT)

    pages = [page(number) for number in (1, 2, 3, 4)]
    assert [(p.count, p.limit, p.pages, p.page) for p in pages] == [(5, 2, 3, n) for n in (1, 2, 3, 4)]
    assert [len(p.results) for p in pages] == [2, 2, 1, 0]
    seen = [run.id for p in pages for run in p.results]
    assert seen == sorted(created, reverse=True)


def test_history_buckets_runs_by_expected_start_time(task_runs):
    tag = unique("history")
    start = datetime.datetime(2031, 1, 1, tzinfo=datetime.timezone.utc)
    for offset in (10, 70, 75):
        scheduled = states_pb2.StateCreate(type=SCHEDULED, state_details=states_pb2.StateDetails(
            scheduled_time=timestamp(start + datetime.timedelta(seconds=offset))))
        create(task_runs, tags=[tag], state=scheduled)
    history = task_runs.TaskRunHistory(task_runs_pb2.TaskRunHistoryRequest(
        history_start=timestamp(start), history_end=timestamp(start + datetime.timedelta(seconds=180)),
        history_interval_seconds=60, task_runs=tagged(tag)), timeout=CALL_TIMEOUT)
    assert [(i.interval_start.ToDatetime(tzinfo=datetime.timezone.utc) - start).total_seconds()
            for i in history.intervals] == [0, 60, 120]
    assert [(i.interval_end.seconds - i.interval_start.seconds) for i in history.intervals] == [60, 60, 60]
    assert [[(s.state_type, s.state_name, s.count_runs) for s in i.states] for i in history.intervals] == [
        [(SCHEDULED, "Scheduled", 1)], [(SCHEDULED, "Scheduled", 2)], []]
    assert all(s.sum_estimated_lateness == 0 for i in history.intervals for s in i.states)


def test_state_lifecycle_pending_running_completed(task_runs):
    run = create(task_runs).task_run
    running = set_state(task_runs, run.id, RUNNING)
    assert (running.status, running.WhichOneof("details"), running.created) == (ACCEPT, "accept_details", True)
    assert (running.state.type, running.state.name) == (RUNNING, "Running")
    after_start = read(task_runs, run.id)
    assert (after_start.state_type, after_start.run_count, after_start.state_id.value) == (RUNNING, 1, running.state.id)
    assert after_start.HasField("start_time") and not after_start.HasField("end_time")

    completed = set_state(task_runs, run.id, COMPLETED, message=wrappers_pb2.StringValue(value="done"))
    assert (completed.status, completed.state.type, completed.state.message.value) == (ACCEPT, COMPLETED, "done")
    finished = read(task_runs, run.id)
    assert finished.state_type == COMPLETED and finished.HasField("end_time")
    assert finished.total_run_time >= 0 and finished.estimated_run_time == finished.total_run_time


def test_failed_run_with_retries_is_rejected_to_awaiting_retry(task_runs):
    policy = task_runs_pb2.TaskRunPolicy(retries=wrappers_pb2.Int32Value(value=1),
                                         retry_delay=struct_pb2.Value(number_value=30))
    run = create(task_runs, empirical_policy=policy).task_run
    assert set_state(task_runs, run.id, RUNNING).status == ACCEPT
    result = set_state(task_runs, run.id, FAILED)
    assert (result.status, result.reject_details.reason.value, result.created) == (REJECT, "Retrying", True)
    assert (result.state.type, result.state.name) == (SCHEDULED, "AwaitingRetry")
    delay = result.state.state_details.scheduled_time.ToDatetime() - result.state.timestamp.ToDatetime()
    assert abs(delay.total_seconds() - 30) < 1
    assert read(task_runs, run.id).state_name.value == "AwaitingRetry"


def test_running_before_scheduled_time_waits(task_runs):
    later = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=5)
    scheduled = states_pb2.StateCreate(
        type=SCHEDULED, state_details=states_pb2.StateDetails(scheduled_time=timestamp(later)))
    run = create(task_runs, state=scheduled).task_run
    result = set_state(task_runs, run.id, RUNNING)
    assert (result.status, result.created) == (WAIT, False)
    assert result.wait_details.reason.value == "Scheduled time is in the future"
    assert 290 <= result.wait_details.delay_seconds <= 300
    assert result.state.id == run.state.id
    assert read(task_runs, run.id).state_type == SCHEDULED


def test_running_needs_a_running_flow_run(task_runs, flows, flow_runs):
    flow_run = pending_flow_run(flows, flow_runs)
    run = create(task_runs, flow_run_id=wrappers_pb2.StringValue(value=flow_run.id)).task_run
    result = set_state(task_runs, run.id, RUNNING)
    assert (result.status, result.abort_details.reason.value) == (
        ABORT, "The enclosing flow must be running to begin task execution.")
    assert read(task_runs, run.id).state_type == PENDING


def test_tag_concurrency_limit(task_runs, limits):
    tag = unique("limited")
    created = limits.CreateConcurrencyLimit(concurrency_limits_pb2.CreateConcurrencyLimitRequest(
        tag=tag, concurrency_limit=1), timeout=CALL_TIMEOUT)
    assert created.created and created.concurrency_limit.concurrency_limit == 1
    first, second = (create(task_runs, tags=[tag]).task_run for _ in range(2))
    assert set_state(task_runs, first.id, RUNNING).status == ACCEPT
    by_tag = limits.ReadConcurrencyLimitByTag(
        concurrency_limits_pb2.ReadConcurrencyLimitByTagRequest(tag=tag), timeout=CALL_TIMEOUT)
    assert list(by_tag.active_slots) == [first.id]

    waiting = set_state(task_runs, second.id, RUNNING)
    assert waiting.status == WAIT
    assert waiting.wait_details.reason.value == "Concurrency limit for the %s tag has been reached" % tag
    assert waiting.wait_details.delay_seconds > 0

    assert set_state(task_runs, first.id, COMPLETED).status == ACCEPT
    assert set_state(task_runs, second.id, RUNNING).status == ACCEPT
    by_id = limits.ReadConcurrencyLimit(
        concurrency_limits_pb2.ReadConcurrencyLimitRequest(id=created.concurrency_limit.id), timeout=CALL_TIMEOUT)
    assert list(by_id.active_slots) == [second.id]
    listed = limits.ReadConcurrencyLimits(concurrency_limits_pb2.ReadConcurrencyLimitsRequest(), timeout=CALL_TIMEOUT)
    assert tag in [limit.tag for limit in listed.concurrency_limits]

    limits.ResetConcurrencyLimitByTag(
        concurrency_limits_pb2.ResetConcurrencyLimitByTagRequest(tag=tag), timeout=CALL_TIMEOUT)
    assert list(limits.ReadConcurrencyLimit(concurrency_limits_pb2.ReadConcurrencyLimitRequest(
        id=created.concurrency_limit.id), timeout=CALL_TIMEOUT).active_slots) == []
    limits.DeleteConcurrencyLimitByTag(
        concurrency_limits_pb2.DeleteConcurrencyLimitByTagRequest(tag=tag), timeout=CALL_TIMEOUT)
    error = rpc_error(lambda: limits.ReadConcurrencyLimitByTag(
        concurrency_limits_pb2.ReadConcurrencyLimitByTagRequest(tag=tag), timeout=CALL_TIMEOUT))
    assert error.code() == grpc.StatusCode.NOT_FOUND


def test_delete(task_runs):
    run = create(task_runs).task_run
    task_runs.DeleteTaskRun(task_runs_pb2.DeleteTaskRunRequest(id=run.id), timeout=CALL_TIMEOUT)
    for call in (lambda: read(task_runs, run.id),
                 lambda: task_runs.DeleteTaskRun(task_runs_pb2.DeleteTaskRunRequest(id=run.id), timeout=CALL_TIMEOUT)):
        error = rpc_error(call)
        assert (error.code(), error.details()) == (grpc.StatusCode.NOT_FOUND, "Task not found")


def test_logs_are_deleted_with_their_task_run(task_runs, logs):
    run = create(task_runs).task_run
    now = timestamp(datetime.datetime.now(datetime.timezone.utc))
    entries = [logs_pb2.LogCreate(name="prefect.task_runs", level=20, message=message, timestamp=now,
                                  task_run_id=wrappers_pb2.StringValue(value=run.id)) for message in ("one", "two")]
    assert logs.CreateLogs(logs_pb2.CreateLogsRequest(logs=entries), timeout=CALL_TIMEOUT).count == 2
    of_run = logs_pb2.ReadLogsRequest(logs=logs_pb2.LogFilter(task_run_id=logs_pb2.LogFilterTaskRunId(
        any_=filters_pb2.StringList(values=[run.id]))), sort=logs_pb2.LOG_SORT_TIMESTAMP_ASC)
    assert sorted(log.message for log in logs.ReadLogs(of_run, timeout=CALL_TIMEOUT).logs) == ["one", "two"]

    task_runs.DeleteTaskRun(task_runs_pb2.DeleteTaskRunRequest(id=run.id), timeout=CALL_TIMEOUT)
    deadline = time.monotonic() + 10  # Prefect deletes the logs eventually; so may Baton.
    while logs.ReadLogs(of_run, timeout=CALL_TIMEOUT).logs and time.monotonic() < deadline:
        time.sleep(0.1)
    assert list(logs.ReadLogs(of_run, timeout=CALL_TIMEOUT).logs) == []


def test_flows_and_flow_runs(task_runs, flows, flow_runs):
    name = unique("flow")
    flow = flows.CreateFlow(flows_pb2.CreateFlowRequest(name=name, tags=["etl"]), timeout=CALL_TIMEOUT)
    assert flow.created
    assert not flows.CreateFlow(flows_pb2.CreateFlowRequest(name=name), timeout=CALL_TIMEOUT).created
    assert flows.ReadFlow(flows_pb2.ReadFlowRequest(id=flow.flow.id), timeout=CALL_TIMEOUT) == flow.flow
    by_name = flows.ReadFlows(flows_pb2.ReadFlowsRequest(flows=filters_pb2.FlowFilter(
        name=filters_pb2.FlowFilterName(any_=filters_pb2.StringList(values=[name])))), timeout=CALL_TIMEOUT)
    assert [f.id for f in by_name.flows] == [flow.flow.id]

    created = flow_runs.CreateFlowRun(flow_runs_pb2.CreateFlowRunRequest(
        flow_id=flow.flow.id, name=wrappers_pb2.StringValue(value="nightly")), timeout=CALL_TIMEOUT)
    flow_run = created.flow_run
    assert created.created
    assert (flow_run.flow_id, flow_run.name, flow_run.state_type) == (flow.flow.id, "nightly", PENDING)
    def read_flow_run(run_id):
        return flow_runs.ReadFlowRun(flow_runs_pb2.ReadFlowRunRequest(id=run_id), timeout=CALL_TIMEOUT)

    assert support.stored(read_flow_run(flow_run.id)) == support.stored(flow_run)
    running = flow_runs.SetFlowRunState(flow_runs_pb2.SetFlowRunStateRequest(
        id=flow_run.id, state=states_pb2.StateCreate(type=RUNNING)), timeout=CALL_TIMEOUT)
    assert (running.status, running.state.type) == (ACCEPT, RUNNING)
    of_flow = flow_runs.ReadFlowRuns(flow_runs_pb2.ReadFlowRunsRequest(flows=filters_pb2.FlowFilter(
        id=filters_pb2.FlowFilterId(any_=filters_pb2.StringList(values=[flow.flow.id])))), timeout=CALL_TIMEOUT)
    assert [(r.id, r.state_type) for r in of_flow.flow_runs] == [(flow_run.id, RUNNING)]

    task_run = create(task_runs, flow_run_id=wrappers_pb2.StringValue(value=flow_run.id)).task_run
    assert task_run.labels.fields["prefect.flow-run.id"].string_value == flow_run.id
    assert set_state(task_runs, task_run.id, RUNNING).status == ACCEPT

    # A subflow run points at the task run that stands for it, until that task run goes.
    subflow_task = create(task_runs, flow_run_id=wrappers_pb2.StringValue(value=flow_run.id)).task_run
    subflow = flow_runs.CreateFlowRun(flow_runs_pb2.CreateFlowRunRequest(
        flow_id=flow.flow.id, parent_task_run_id=wrappers_pb2.StringValue(value=subflow_task.id)),
        timeout=CALL_TIMEOUT).flow_run
    assert subflow.parent_task_run_id.value == subflow_task.id
    task_runs.DeleteTaskRun(task_runs_pb2.DeleteTaskRunRequest(id=subflow_task.id), timeout=CALL_TIMEOUT)
    assert not read_flow_run(subflow.id).HasField("parent_task_run_id")

    # Deleting a flow run deletes its task runs; deleting a flow deletes its flow runs.
    flow_runs.DeleteFlowRun(flow_runs_pb2.DeleteFlowRunRequest(id=flow_run.id), timeout=CALL_TIMEOUT)
    for call in (lambda: read_flow_run(flow_run.id), lambda: read(task_runs, task_run.id)):
        assert rpc_error(call).code() == grpc.StatusCode.NOT_FOUND
    flows.DeleteFlow(flows_pb2.DeleteFlowRequest(id=flow.flow.id), timeout=CALL_TIMEOUT)
    for call in (lambda: flows.ReadFlow(flows_pb2.ReadFlowRequest(id=flow.flow.id), timeout=CALL_TIMEOUT),
                 lambda: read_flow_run(subflow.id)):
        assert rpc_error(call).code() == grpc.StatusCode.NOT_FOUND


def test_a_subflow_run_drives_its_parent_task_run(task_runs, flows, flow_runs):
    parent = running_flow_run(flows, flow_runs)
    task_run = create(task_runs, flow_run_id=wrappers_pb2.StringValue(value=parent.id)).task_run
    assert set_state(task_runs, task_run.id, RUNNING).status == ACCEPT
    subflow = flow_runs.CreateFlowRun(flow_runs_pb2.CreateFlowRunRequest(
        flow_id=parent.flow_id, parent_task_run_id=wrappers_pb2.StringValue(value=task_run.id)),
        timeout=CALL_TIMEOUT).flow_run
    assert subflow.state.state_details.task_run_id.value == task_run.id
    for state_type in (RUNNING, COMPLETED):
        flow_runs.SetFlowRunState(flow_runs_pb2.SetFlowRunStateRequest(
            id=subflow.id, state=states_pb2.StateCreate(type=state_type)), timeout=CALL_TIMEOUT)
        parent_task = read(task_runs, task_run.id)
        assert parent_task.state.type == state_type
        assert parent_task.state.state_details.child_flow_run_id.value == subflow.id
        assert parent_task.state.state_details.flow_run_id.value == parent.id


def test_unknown_flow_run_is_failed_precondition(task_runs):
    error = rpc_error(lambda: create(task_runs, flow_run_id=wrappers_pb2.StringValue(value=str(uuid.uuid4()))))
    assert error.code() == grpc.StatusCode.FAILED_PRECONDITION


def test_invalid_argument_carries_bad_request_details(task_runs):
    error = rpc_error(lambda: create(task_runs, task_key="", dynamic_key=""))
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert support.field_violations(error) == {
        "task_key": "task_key is required.", "dynamic_key": "dynamic_key is required."}

    error = rpc_error(lambda: task_runs.ReadTaskRuns(task_runs_pb2.ReadTaskRunsRequest(
        limit=wrappers_pb2.Int32Value(value=201)), timeout=CALL_TIMEOUT))
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert support.field_violations(error) == {"limit": "Invalid limit: must be less than or equal to 200."}


def test_not_found_messages(task_runs):
    missing = str(uuid.uuid4())
    calls = [
        (lambda: read(task_runs, missing), "Task not found"),
        (lambda: task_runs.UpdateTaskRun(task_runs_pb2.UpdateTaskRunRequest(
            id=missing, name=wrappers_pb2.StringValue(value="x")), timeout=CALL_TIMEOUT), "Task run not found"),
        (lambda: set_state(task_runs, missing, RUNNING), "Task run with id %s not found" % missing),
    ]
    for call, message in calls:
        error = rpc_error(call)
        assert (error.code(), error.details()) == (grpc.StatusCode.NOT_FOUND, message)


def list_services_by_reflection(channel, version, **call_options):
    """The raw ServerReflectionResponse of a list_services request (no stubs needed)."""
    info = channel.stream_stream("/grpc.reflection.%s.ServerReflection/ServerReflectionInfo" % version)
    return list(info(iter([REFLECTION_LIST_SERVICES]), timeout=CALL_TIMEOUT, **call_options))


@pytest.fixture(scope="module")
def guarded_server(start_baton):
    return start_baton("--auth-token", "s3cret")


def test_token_is_required(guarded_server):
    with grpc.insecure_channel(guarded_server.target) as channel:
        stub = task_runs_pb2_grpc.TaskRunsStub(channel)
        for metadata, prefect_text in (
            ((), "Auth required but no token provided"),
            ((("authorization", "Bearer wrong"),), "Invalid token"),
            ((("authorization", "s3cret"),), "Invalid token"),
        ):
            error = rpc_error(lambda: create(stub, metadata=metadata))
            assert error.code() == grpc.StatusCode.UNAUTHENTICATED
            assert error.details().startswith(prefect_text)
        assert create(stub, metadata=(("authorization", "Bearer s3cret"),)).created
        # The scheme's case does not matter; the token's does.
        assert create(stub, metadata=(("authorization", "bearer s3cret"),)).created
        assert rpc_error(lambda: create(stub, metadata=(("authorization", "Bearer S3CRET"),))).code() == (
            grpc.StatusCode.UNAUTHENTICATED)
    with support.bearer_channel(guarded_server.target, "s3cret") as channel:
        assert create(task_runs_pb2_grpc.TaskRunsStub(channel)).created


def test_health_needs_no_token(guarded_server):
    with grpc.insecure_channel(guarded_server.target) as channel:
        assert support.health_check(channel) == support.health_check(channel, "baton.v1.TaskRuns") == support.SERVING
        watch = channel.unary_stream("/grpc.health.v1.Health/Watch")(b"", timeout=CALL_TIMEOUT)
        assert next(watch) == support.SERVING
        watch.cancel()


@pytest.mark.parametrize("version", ["v1", "v1alpha"])
def test_reflection_needs_a_token_unless_public(start_baton, guarded_server, version):
    with grpc.insecure_channel(guarded_server.target) as channel:
        error = rpc_error(lambda: list_services_by_reflection(channel, version))
        assert error.code() == grpc.StatusCode.UNAUTHENTICATED
        [answer] = list_services_by_reflection(channel, version, metadata=(("authorization", "Bearer s3cret"),))
        assert b"baton.v1.TaskRuns" in answer

    public = start_baton("--auth-token", "s3cret", "--public-reflection")
    with grpc.insecure_channel(public.target) as channel:
        [answer] = list_services_by_reflection(channel, version)
        assert b"baton.v1.TaskRuns" in answer
        error = rpc_error(lambda: create(task_runs_pb2_grpc.TaskRunsStub(channel)))
        assert error.code() == grpc.StatusCode.UNAUTHENTICATED


def test_grpcurl_reflection_with_token(guarded_server):
    def grpcurl_list(*headers):
        return subprocess.run([support.grpcurl_binary(), "-plaintext", *headers, guarded_server.target, "list"],
                              capture_output=True, text=True, timeout=CALL_TIMEOUT)

    refused = grpcurl_list()
    assert refused.returncode != 0 and "Unauthenticated" in refused.stderr
    listed = grpcurl_list("-H", "authorization: Bearer s3cret")
    assert listed.returncode == 0, listed.stderr
    assert "baton.v1.TaskRuns" in listed.stdout.split()
