"""Runs the README's grpcurl quick start (the ```sh blocks between the grpcurl-examples
markers) against a live `baton serve`, in order, and checks what each command prints."""
import json
import shlex

import pytest

import baton_interop_support as support

DOCUMENTS = [support.REPO / "README.md"]
SERVICES = {
    "baton.v1.ConcurrencyLimits", "baton.v1.Deployments", "baton.v1.FlowRuns", "baton.v1.Flows", "baton.v1.Logs",
    "baton.v1.TaskRuns", "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection",
    "grpc.reflection.v1alpha.ServerReflection"}


def request_of(command):
    """The JSON given to grpcurl with -d."""
    arguments = shlex.split(command)
    return json.loads(arguments[arguments.index("-d") + 1])


def step(command):
    """What a documented grpcurl command does: `list`, `describe`, or the method it calls."""
    words = shlex.split(command)
    for verb in ("list", "describe"):
        if verb in words:
            return verb
    return words[-1].rsplit("/", 1)[1]


@pytest.fixture(scope="module")
def commands(tmp_path_factory):
    return support.command_directory(tmp_path_factory.mktemp("bin"), grpcurl=support.grpcurl_binary())


def test_grpcurl_examples(baton_server, commands, tmp_path):
    blocks = support.fenced_blocks(support.marked_section("grpcurl-examples", DOCUMENTS), "sh")
    assert [step(block) for block in blocks] == [
        "list", "describe", "CreateTaskRun", "SetTaskRunState", "ReadTaskRuns", "CountTaskRuns", "ReadTaskRunStates"]
    outputs = [support.run_documented(block, tmp_path, commands, baton_server) for block in blocks]
    listed, described, created, running, read, counted, history = outputs
    create_request, state_request, read_request, count_request, history_request = (
        request_of(block) for block in blocks[2:])

    assert listed.split() == sorted(listed.split()) and SERVICES <= set(listed.split())
    assert described.startswith("baton.v1.TaskRuns is a service:")
    signature = "rpc CreateTaskRun ( .baton.v1.CreateTaskRunRequest ) returns ( .baton.v1.CreateTaskRunResponse );"
    assert signature in described

    [created] = support.json_objects(created)
    run = created["task_run"]
    assert created["created"] is True
    assert {key: run[key] for key in create_request} == create_request
    assert (run["state_type"], run["state_name"]) == ("STATE_TYPE_PENDING", "Pending")

    [running] = support.json_objects(running)
    assert state_request["id"] == run["id"]
    assert running["status"] == "SET_STATE_STATUS_ACCEPT" and running["created"] is True
    assert running["state"]["type"] == state_request["state"]["type"] == "STATE_TYPE_RUNNING"

    [read] = support.json_objects(read)
    assert read_request["task_runs"]["state"]["type"]["any_"]["values"] == ["STATE_TYPE_RUNNING"]
    assert [(r["id"], r["state_type"]) for r in read["task_runs"]] == [(run["id"], "STATE_TYPE_RUNNING")]

    assert count_request["task_runs"]["tags"]["all_"] == run["tags"]
    assert support.json_objects(counted) == [{"count": "1"}]

    [history] = support.json_objects(history)
    assert history_request["task_run_id"] == run["id"]
    assert [state["type"] for state in history["states"]] == ["STATE_TYPE_PENDING", "STATE_TYPE_RUNNING"]
    assert history["states"][1]["id"] == running["state"]["id"]
