"""Bad requests against a live `baton serve` (with a token): each is refused with the
right status, and afterwards the server still answers and its data is unchanged. The
database is checked with SQLite's integrity checks once the server has stopped (by the
start_baton fixture)."""

import grpc
import pytest
from google.protobuf import struct_pb2, timestamp_pb2, wrappers_pb2

import baton_interop_support as support
from baton.v1 import (
    filters_pb2, flows_pb2, flows_pb2_grpc, logs_pb2, logs_pb2_grpc, states_pb2, task_runs_pb2, task_runs_pb2_grpc)
from baton_interop_support import CALL_TIMEOUT, varint

TOKEN = "bad-input-token"
INVALID = grpc.StatusCode.INVALID_ARGUMENT
UUID_EXAMPLE = "must be a UUID such as 0b9c2e5e-8d3f-4c61-9a57-6f1d2c3b4a59."
STATE_TYPES = ("expected one of STATE_TYPE_SCHEDULED, STATE_TYPE_PENDING, STATE_TYPE_RUNNING, STATE_TYPE_COMPLETED, "
               "STATE_TYPE_FAILED, STATE_TYPE_CANCELLED, STATE_TYPE_CRASHED, STATE_TYPE_PAUSED, STATE_TYPE_CANCELLING.")
SENTINEL_ID = "0195c0de-0000-7000-8000-00000000beef"
EPOCH = timestamp_pb2.Timestamp(seconds=1_700_000_000)


@pytest.fixture(scope="module")
def server(start_baton):
    return start_baton("--auth-token", TOKEN)


@pytest.fixture(scope="module")
def channel(server):
    with support.bearer_channel(server.target, TOKEN) as channel:
        yield channel


@pytest.fixture(scope="module")
def task_runs(channel):
    return task_runs_pb2_grpc.TaskRunsStub(channel)


@pytest.fixture(scope="module")
def sentinel(task_runs):
    """A run created before any bad request; every test checks it is still there unchanged."""
    return task_runs.CreateTaskRun(task_runs_pb2.CreateTaskRunRequest(
        id=wrappers_pb2.StringValue(value=SENTINEL_ID), task_key="sentinel", dynamic_key="0", tags=["sentinel"]),
        timeout=CALL_TIMEOUT).task_run


@pytest.fixture(autouse=True)
def server_unharmed(channel, task_runs, sentinel):
    yield
    assert support.health_check(channel) == support.SERVING
    after = task_runs.ReadTaskRun(task_runs_pb2.ReadTaskRunRequest(id=sentinel.id), timeout=CALL_TIMEOUT)
    assert support.stored(after) == support.stored(sentinel)
    assert task_runs.CountTaskRuns(task_runs_pb2.CountTaskRunsRequest(), timeout=CALL_TIMEOUT).count == 1


def refused(call, request):
    with pytest.raises(grpc.RpcError) as raised:
        call(request, timeout=CALL_TIMEOUT)
    return raised.value


def proposing(state_type):
    return task_runs_pb2.SetTaskRunStateRequest(id=SENTINEL_ID, state=states_pb2.StateCreate(type=state_type))


def with_state_type_filter(state_type):
    request = task_runs_pb2.ReadTaskRunsRequest()
    request.task_runs.state.type.any_.values.append(state_type)
    return request


def with_sort(sort):
    request = task_runs_pb2.PaginateTaskRunsRequest()
    request.sort = sort
    return request


def with_operator(operator):
    request = task_runs_pb2.CountTaskRunsRequest()
    request.task_runs.operator = operator
    return request


def history(interval, **fields):
    return task_runs_pb2.TaskRunHistoryRequest(history_interval_seconds=interval, **fields)


def struct(value):
    message = struct_pb2.Struct()
    message.update(value)
    return message


# (Service/Method, request, {field: description} expected in the BadRequest details)
INVALID_REQUESTS = {
    "unknown sort": ("TaskRuns/PaginateTaskRuns", with_sort(999), {
        "sort": "sort has unknown value 999; expected one of TASK_RUN_SORT_ID_DESC, "
                "TASK_RUN_SORT_EXPECTED_START_TIME_ASC, TASK_RUN_SORT_EXPECTED_START_TIME_DESC, "
                "TASK_RUN_SORT_NAME_ASC, TASK_RUN_SORT_NAME_DESC, TASK_RUN_SORT_NEXT_SCHEDULED_START_TIME_ASC, "
                "TASK_RUN_SORT_END_TIME_DESC."}),
    "unknown state type in a filter": ("TaskRuns/ReadTaskRuns", with_state_type_filter(42), {
        "task_runs.state.type.any_[0]": "task_runs.state.type.any_[0] has unknown value 42; " + STATE_TYPES}),
    "unknown state type proposed": ("TaskRuns/SetTaskRunState", proposing(42), {
        "state.type": "state.type has unknown value 42; " + STATE_TYPES}),
    "unknown initial state type": ("TaskRuns/CreateTaskRun", task_runs_pb2.CreateTaskRunRequest(
        task_key="k", dynamic_key="0", state=states_pb2.StateCreate(type=42)), {
        "state.type": "state.type has unknown value 42; " + STATE_TYPES}),
    "unspecified state type proposed": ("TaskRuns/SetTaskRunState", proposing(states_pb2.STATE_TYPE_UNSPECIFIED), {
        "state.type": "state.type is required; " + STATE_TYPES}),
    "negative operator": ("TaskRuns/CountTaskRuns", with_operator(-1), {
        "task_runs.operator": "task_runs.operator has unknown value -1; expected one of OPERATOR_AND, OPERATOR_OR."}),
    "non-UUID id": ("TaskRuns/ReadTaskRun", task_runs_pb2.ReadTaskRunRequest(id="not-a-uuid"), {
        "id": "id " + UUID_EXAMPLE}),
    "UUID with a misplaced hyphen": ("TaskRuns/DeleteTaskRun", task_runs_pb2.DeleteTaskRunRequest(
        id="0b9c2e5e8-d3f-4c61-9a57-6f1d2c3b4a59"), {
        "id": "id " + UUID_EXAMPLE}),
    "non-UUID in a filter": ("TaskRuns/CountTaskRuns", task_runs_pb2.CountTaskRunsRequest(task_runs=filters_pb2.TaskRunFilter(
        id=filters_pb2.TaskRunFilterId(any_=filters_pb2.StringList(values=["x"])))), {
        "task_runs.id.any_[0]": "task_runs.id.any_[0] " + UUID_EXAMPLE}),
    "like_ text longer than SQLite's LIKE takes": ("TaskRuns/CountTaskRuns", task_runs_pb2.CountTaskRunsRequest(
        flow_runs=filters_pb2.FlowRunFilter(name=filters_pb2.FlowRunFilterName(like_=wrappers_pb2.StringValue(value="x" * 50_000))),
        deployments=filters_pb2.DeploymentFilter(
            flow_or_deployment_name=filters_pb2.DeploymentFilterFlowOrDeploymentName(
                like_=wrappers_pb2.StringValue(value="é" * 25_000)))), {
        "flow_runs.name.like_": "flow_runs.name.like_ must be at most 49998 bytes long.",
        "deployments.flow_or_deployment_name.like_":
            "deployments.flow_or_deployment_name.like_ must be at most 49998 bytes long."}),
    "limit 201": ("TaskRuns/ReadTaskRuns", task_runs_pb2.ReadTaskRunsRequest(
        limit=wrappers_pb2.Int32Value(value=201)), {
        "limit": "Invalid limit: must be less than or equal to 200."}),
    "negative offset": ("TaskRuns/ReadTaskRuns", task_runs_pb2.ReadTaskRunsRequest(offset=-1), {
        "offset": "Invalid offset: must be greater than or equal to 0."}),
    "page 0": ("TaskRuns/PaginateTaskRuns", task_runs_pb2.PaginateTaskRunsRequest(
        page=wrappers_pb2.Int32Value(value=0)), {
        "page": "Invalid page: must be greater than or equal to 1."}),
    "history interval 0.5 s": ("TaskRuns/TaskRunHistory", history(0.5, history_start=EPOCH, history_end=EPOCH), {
        "history_interval_seconds": "History interval must not be less than 1 second."}),
    "history interval NaN": ("TaskRuns/TaskRunHistory", history(float("nan"), history_start=EPOCH, history_end=EPOCH), {
        "history_interval_seconds": "History interval must not be less than 1 second."}),
    "history without range": ("TaskRuns/TaskRunHistory", history(60), {
        "history_start": "history_start is required.", "history_end": "history_end is required."}),
    "empty keys": ("TaskRuns/CreateTaskRun", task_runs_pb2.CreateTaskRunRequest(), {
        "task_key": "task_key is required.", "dynamic_key": "dynamic_key is required."}),
    "nested label": ("TaskRuns/CreateTaskRun", task_runs_pb2.CreateTaskRunRequest(
        task_key="k", dynamic_key="0", labels=struct({"a": {"b": 1}})), {
        "labels.a": "Label values must be booleans, numbers or strings."}),
    "51 retry delays": ("TaskRuns/CreateTaskRun", task_runs_pb2.CreateTaskRunRequest(
        task_key="k", dynamic_key="0", empirical_policy=task_runs_pb2.TaskRunPolicy(retry_delay=struct_pb2.Value(
            list_value=struct_pb2.ListValue(values=[struct_pb2.Value(number_value=1)] * 51)))), {
        "empirical_policy.retry_delay": "Can not configure more than 50 retry delays per task."}),
    "2001-character cache key": ("TaskRuns/CreateTaskRun", task_runs_pb2.CreateTaskRunRequest(
        task_key="k", dynamic_key="0", cache_key=wrappers_pb2.StringValue(value="x" * 2001)), {
        "cache_key": "Cache key exceeded maximum allowed length of 2000 characters."}),
    "flow name with a slash": ("Flows/CreateFlow", flows_pb2.CreateFlowRequest(name="a/b"), {
        "name": "Name 'a/b' contains an invalid character. Must not contain any of: ['/', '%', '&', '>', '<']."}),
    "log without timestamp": ("Logs/CreateLogs", logs_pb2.CreateLogsRequest(logs=[logs_pb2.LogCreate(
        name="n", level=20, message="m")]), {"logs[0].timestamp": "logs[0].timestamp is required."}),
}


@pytest.fixture(scope="module")
def stubs(channel, task_runs):
    return {"TaskRuns": task_runs, "Flows": flows_pb2_grpc.FlowsStub(channel), "Logs": logs_pb2_grpc.LogsStub(channel)}


@pytest.mark.parametrize("case", INVALID_REQUESTS)
def test_invalid_request(stubs, case):
    call, request, violations = INVALID_REQUESTS[case]
    service, method = call.split("/")
    error = refused(getattr(stubs[service], method), request)
    assert error.code() == INVALID
    assert support.field_violations(error) == violations


def test_the_longest_like_text_sqlite_takes_is_accepted(task_runs):
    longest = filters_pb2.TaskRunFilter(name=filters_pb2.TaskRunFilterName(like_=wrappers_pb2.StringValue(value="x" * 49_998)))
    request = task_runs_pb2.CountTaskRunsRequest(task_runs=longest)
    assert task_runs.CountTaskRuns(request, timeout=CALL_TIMEOUT).count == 0


def test_a_status_quoting_a_huge_input_still_arrives(channel, stubs):
    # Statuses quote what was sent (an unknown 65 KB service name, a 70 KB label key); before
    # they were cut to fit, the trailers went past what nghttp2 sends and the calls hung.
    with pytest.raises(grpc.RpcError) as unknown:
        support.health_check(channel, "s" * 65_400)
    assert unknown.value.code() == grpc.StatusCode.NOT_FOUND
    assert len(unknown.value.details()) < 2048
    error = refused(stubs["Flows"].CreateFlow, flows_pb2.CreateFlowRequest(name="x", labels={"k" * 70_000: {"n": 1}}))
    # Its BadRequest would name the 70 KB key: left out, so that the status fits.
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert error.details() == "Label values must be booleans, numbers or strings."


def test_ten_mebibytes_of_tags_are_resource_exhausted(task_runs):
    request = task_runs_pb2.CreateTaskRunRequest(task_key="big", dynamic_key="0", tags=["t" * 1024] * 10240)
    error = refused(task_runs.CreateTaskRun, request)
    assert error.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert "more than the limit of 4194304 bytes" in error.details()


@pytest.mark.parametrize("metadata", [(), (("authorization", "Bearer wrong-token"),), (("authorization", TOKEN),)])
def test_missing_or_wrong_token_is_unauthenticated(server, sentinel, metadata):
    with grpc.insecure_channel(server.target) as channel:
        stub = task_runs_pb2_grpc.TaskRunsStub(channel)
        with pytest.raises(grpc.RpcError) as raised:
            stub.ReadTaskRun(task_runs_pb2.ReadTaskRunRequest(id=sentinel.id), timeout=CALL_TIMEOUT, metadata=metadata)
        assert raised.value.code() == grpc.StatusCode.UNAUTHENTICATED


def nested_values(depth):
    """google.protobuf.Value nested `depth` times through list_value: 2 × depth messages."""
    headers, size = [], 3
    for _ in range(depth):
        values = b"\x0a" + varint(size)  # ListValue.values
        size += len(values)
        list_value = b"\x32" + varint(size)  # Value.list_value
        size += len(list_value)
        headers += [values, list_value]
    return b"".join(reversed(headers)) + b"\x1a\x01x"  # innermost Value{string_value: "x"}


def create_with_state_data(data):
    """CreateTaskRunRequest{task_key: "k", dynamic_key: "0", state: {type: PENDING, data}} by hand."""
    state = b"\x08\x02\x22" + varint(len(data)) + data
    return b"\x22\x01k\x2a\x010\x6a" + varint(len(state)) + state


MALFORMED = {
    "truncated varint": ("ReadTaskRun", b"\xff\xff\xff", "the 3 bytes are not a valid protobuf encoding of it"),
    "length past the end": ("ReadTaskRun", b"\x0a\x05ab", "the 4 bytes are not a valid protobuf encoding of it"),
    "field number 0": ("CountTaskRuns", b"\x00\x01", "the 2 bytes are not a valid protobuf encoding of it"),
    "invalid UTF-8": ("CreateTaskRun", b"\x22\x02\xc3\x28\x2a\x010", "field task_key is not valid UTF-8"),
    "10000 nested values": ("CreateTaskRun", create_with_state_data(nested_values(10000)),
                            "messages are nested more than 100 levels deep"),
}


@pytest.mark.parametrize("case", MALFORMED)
def test_malformed_protobuf_is_invalid_argument(channel, case):
    method, body, message = MALFORMED[case]
    raw = channel.unary_unary("/baton.v1.TaskRuns/" + method)  # bytes in, bytes out
    error = refused(raw, body)
    assert error.code() == INVALID
    assert message in error.details()


@pytest.mark.parametrize("timestamp", [timestamp_pb2.Timestamp(seconds=10 ** 12), timestamp_pb2.Timestamp(nanos=-1)])
def test_timestamp_out_of_range_is_invalid_argument(task_runs, timestamp):
    request = task_runs_pb2.CountTaskRunsRequest(task_runs=filters_pb2.TaskRunFilter(
        start_time=filters_pb2.TaskRunFilterStartTime(after_=timestamp)))
    error = refused(task_runs.CountTaskRuns, request)
    assert error.code() == INVALID
    assert "cannot decode google.protobuf.Timestamp" in error.details()


def test_unknown_fields_are_ignored(channel, sentinel):
    request = task_runs_pb2.ReadTaskRunRequest(id=sentinel.id).SerializeToString()
    unknown_field = b"\xf8\x07\x05"  # field 127, varint 5
    answer = channel.unary_unary("/baton.v1.TaskRuns/ReadTaskRun")(request + unknown_field, timeout=CALL_TIMEOUT)
    assert task_runs_pb2.TaskRun.FromString(answer).id == sentinel.id


def test_unknown_method_is_unimplemented(channel):
    error = refused(channel.unary_unary("/baton.v1.TaskRuns/NoSuchMethod"), b"")
    assert error.code() == grpc.StatusCode.UNIMPLEMENTED


def test_string_with_nul_is_refused_not_cut_short(task_runs):
    request = task_runs_pb2.CreateTaskRunRequest(task_key="job\x00one", dynamic_key="0")
    with pytest.raises(grpc.RpcError) as raised:
        task_runs.CreateTaskRun(request, timeout=CALL_TIMEOUT)
    assert raised.value.code() == INVALID
    assert "task_key" in raised.value.details() and "U+0000" in raised.value.details()


@pytest.mark.parametrize("number", [float("nan"), float("inf"), float("-inf")])
def test_a_label_that_is_not_a_json_number_is_refused(task_runs, number):
    request = task_runs_pb2.CreateTaskRunRequest(task_key="k", dynamic_key="nan", labels=struct({"ratio": number}))
    error = refused(task_runs.CreateTaskRun, request)
    assert error.code() == INVALID
    assert "is not a JSON number" in error.details()
