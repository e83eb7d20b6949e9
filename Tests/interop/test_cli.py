"""The `baton` client commands against a real `baton serve`: output people read, JSON
scripts parse, and the exit code of each gRPC status."""
import json
import os
import re
import socket
import subprocess
import time
import uuid

import pytest

import baton_interop_support as support

# Exit code = 10 + gRPC status code (documented in `baton --help`).
INVALID_ARGUMENT = 13
NOT_FOUND = 15
UNAVAILABLE = 24
UNAUTHENTICATED = 26


def client_environment(**variables):
    """The test's environment without BATON_* variables, plus `variables`."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("BATON_")}
    environment.update(variables)
    return environment


class Commands:
    """Runs `baton` client commands against one server."""

    def __init__(self, server):
        self.port = server.port

    def run(self, *arguments, env=None):
        """Runs `baton ARGUMENTS --port PORT`; returns the completed process."""
        return subprocess.run(
            [str(support.baton_binary()), *arguments, "--port", str(self.port)],
            capture_output=True, text=True, timeout=30, env=env or client_environment())

    def ok(self, *arguments):
        """Runs a command that must succeed; returns its stdout."""
        result = self.run(*arguments)
        assert result.returncode == 0, (arguments, result.returncode, result.stderr)
        return result.stdout


@pytest.fixture(scope="module")
def server(start_baton):
    return Commands(start_baton())


@pytest.fixture(scope="module")
def guarded_server(start_baton):
    return Commands(start_baton("--auth-token", "s3cret"))


def create_task_run(server, *options):
    """Creates a task run; returns its id (the first line of the output)."""
    output = server.ok("task-runs", "create", *options)
    run_id = output.splitlines()[0]
    uuid.UUID(run_id)
    return run_id


def test_task_run_lifecycle(server):
    output = server.ok("task-runs", "create", "--task-key", "lifecycle", "--tag", "cli", "--tag", "lifecycle")
    run_id = output.splitlines()[0]
    uuid.UUID(run_id)
    assert output.splitlines()[-1] == "created"
    assert re.search(r"^task key +lifecycle$", output, re.M)
    assert re.search(r"^state +PENDING$", output, re.M)

    again = server.ok("task-runs", "create", "--task-key", "lifecycle", "--tag", "cli")
    assert again.splitlines()[0] == run_id
    assert again.splitlines()[-1] == "already existed"

    assert server.ok("task-runs", "get", run_id).splitlines()[0] == run_id
    fetched = json.loads(server.ok("task-runs", "get", run_id, "--json"))
    assert (fetched["id"], fetched["task_key"], fetched["dynamic_key"]) == (run_id, "lifecycle", "0")
    assert fetched["state_type"] == "PENDING" and fetched["state"]["name"] == "Pending"

    running = server.ok("task-runs", "set-state", run_id, "RUNNING")
    assert re.search(r"^status +ACCEPT$", running, re.M)
    assert re.search(r"^state +RUNNING +[0-9a-f-]{36}$", running, re.M)
    completed = json.loads(server.ok("task-runs", "set-state", run_id, "completed", "--message", "done", "--json"))
    assert completed["status"] == "ACCEPT"
    assert completed["details"] == {"type": "accept_details"}
    assert (completed["state"]["type"], completed["state"]["message"]) == ("COMPLETED", "done")

    listed = json.loads(server.ok("task-runs", "ls", "--json", "--state", "COMPLETED", "--tag", "lifecycle"))
    assert [run["id"] for run in listed] == [run_id]
    assert listed[0]["state_name"] == "Completed" and listed[0]["run_count"] == 1
    assert listed[0]["tags"] == ["cli", "lifecycle"]
    assert json.loads(server.ok("task-runs", "ls", "--json", "--state", "RUNNING", "--tag", "lifecycle")) == []

    table = server.ok("task-runs", "ls", "--tag", "lifecycle").splitlines()
    assert table[0].split() == ["ID", "NAME", "TASK", "KEY", "STATE", "EXPECTED", "START", "RUN", "TIME", "TAGS"]
    assert table[1].startswith(run_id) and " lifecycle " in table[1] and " COMPLETED " in table[1]

    assert server.ok("task-runs", "count", "--tag", "lifecycle").strip() == "1"
    assert server.ok("task-runs", "count", "--tag", "lifecycle", "--state", "RUNNING").strip() == "0"

    chart = server.ok("task-runs", "history", "--tag", "lifecycle").splitlines()
    assert chart[0] == "█ COMPLETED"
    bars = [line for line in chart[1:] if "█" in line]
    assert len(bars) == 1 and bars[0].endswith("  1  COMPLETED 1")
    assert len(chart) - 1 in (60, 61), "one line per minute of the last hour, from a whole minute"
    assert all(line[16:20] == ":00Z" for line in chart[1:]), chart[1]

    header, *rows = server.ok("task-runs", "states", run_id).splitlines()
    assert header.split() == ["TIMESTAMP", "STATE", "MESSAGE", "ID"]
    assert [row.split()[1] for row in rows] == ["PENDING", "RUNNING", "COMPLETED"]
    assert rows[2].split()[2] == "done"
    states = json.loads(server.ok("task-runs", "states", run_id, "--json"))
    assert [state["type"] for state in states] == ["PENDING", "RUNNING", "COMPLETED"]

    assert server.ok("task-runs", "rename", run_id, "renamed-by-cli").strip() == "renamed %s to renamed-by-cli" % run_id
    assert json.loads(server.ok("task-runs", "get", run_id, "--json"))["name"] == "renamed-by-cli"

    assert server.ok("task-runs", "delete", run_id).strip() == "deleted %s" % run_id
    missing = server.run("task-runs", "get", run_id)
    assert missing.returncode == NOT_FOUND
    assert missing.stderr == "error: NOT_FOUND: Task not found\n"
    assert missing.stdout == ""


def test_history_chart_splits_bars_by_state_type(server):
    for key in ("history-a", "history-b"):
        create_task_run(server, "--task-key", key, "--tag", "history")
    failed = create_task_run(server, "--task-key", "history-c", "--tag", "history")
    server.ok("task-runs", "set-state", failed, "RUNNING")
    server.ok("task-runs", "set-state", failed, "FAILED")
    chart = server.ok("task-runs", "history", "--tag", "history", "--interval", "3600", "--width", "30")
    legend, *lines = chart.splitlines()
    assert legend == "▒ PENDING  X FAILED"
    [bar] = [line for line in lines if not line.endswith(" 0")]
    assert bar.endswith("  3  PENDING 2  FAILED 1")
    assert "  " + "▒" * 20 + "X" * 10 + "  3" in bar


def test_history_keeps_within_the_servers_500_intervals(server):
    create_task_run(server, "--task-key", "history-narrow", "--tag", "history-narrow")
    # An hour of 1 s intervals is too many: the default window shrinks to end at --until.
    chart = server.ok("task-runs", "history", "--tag", "history-narrow", "--interval", "1")
    assert [line for line in chart.splitlines() if line.endswith("  1  PENDING 1")]

    an_hour_ago = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 3600))
    too_many = server.run("task-runs", "history", "--interval", "1", "--since", an_hour_ago)
    assert too_many.returncode == 64
    assert "the server charts at most 500: use --interval 8 or more" in too_many.stderr
    assert server.run("task-runs", "history", "--interval", "0.5").returncode == 64


def test_watch_prints_one_json_document_per_line(server):
    watch = subprocess.Popen(
        [str(support.baton_binary()), "watch", "--json", "--tag", "watched-by-cli", "--port", str(server.port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=client_environment())
    try:
        time.sleep(0.5)
        run_id = create_task_run(server, "--task-key", "watched", "--tag", "watched-by-cli")
        server.ok("task-runs", "set-state", run_id, "RUNNING")
        events = [json.loads(watch.stdout.readline()) for _ in range(2)]
    finally:
        watch.terminate()
        watch.wait(timeout=10)
    assert [event["task_run"]["id"] for event in events] == [run_id, run_id]
    assert [event["state"]["type"] for event in events] == ["PENDING", "RUNNING"]


def test_set_state_prints_wait_details(server):
    server.ok("concurrency-limits", "create", "one-at-a-time", "1")
    first = create_task_run(server, "--task-key", "limited-1", "--tag", "one-at-a-time")
    second = create_task_run(server, "--task-key", "limited-2", "--tag", "one-at-a-time")
    server.ok("task-runs", "set-state", first, "RUNNING")
    waiting = server.run("task-runs", "set-state", second, "RUNNING")
    assert waiting.returncode == 0
    assert re.search(r"^status +WAIT$", waiting.stdout, re.M)
    assert re.search(r"^state +PENDING ", waiting.stdout, re.M)
    assert re.search(r"^details +retry in \d+ s: Concurrency limit for the one-at-a-time tag has been reached$",
                     waiting.stdout, re.M)
    result = json.loads(server.ok("task-runs", "set-state", second, "RUNNING", "--json"))
    assert result["status"] == "WAIT" and result["details"]["type"] == "wait_details"

    limits = json.loads(server.ok("concurrency-limits", "ls", "--json"))
    limit = next(limit for limit in limits if limit["tag"] == "one-at-a-time")
    assert (limit["concurrency_limit"], limit["active_slots"]) == (1, [first])
    assert "one-at-a-time" in server.ok("concurrency-limits", "ls").splitlines()[1]
    assert server.ok("concurrency-limits", "delete", "one-at-a-time").strip() == "deleted the limit of one-at-a-time"
    assert server.run("concurrency-limits", "delete", "one-at-a-time").returncode == NOT_FOUND


def test_task_runs_of_a_flow_run(server):
    flow = server.ok("flows", "create", "cli-flow").splitlines()
    assert flow[-1] == "created"
    assert server.ok("flows", "create", "cli-flow").splitlines() == flow[:-1] + ["already existed"]
    flow_run = server.ok("flow-runs", "create", "--flow", flow[0], "--name", "cli-flow-run").splitlines()[0]
    accepted = server.ok("flow-runs", "set-state", flow_run, "RUNNING")
    assert re.search(r"^status +ACCEPT$", accepted, re.M)

    run_id = create_task_run(server, "--task-key", "in-flow", "--flow-run", flow_run)
    listed = json.loads(server.ok("task-runs", "ls", "--json", "--flow-run", flow_run))
    assert [(run["id"], run["flow_run_id"]) for run in listed] == [(run_id, flow_run)]
    assert json.loads(server.ok("logs", "ls", "--json", "--task-run", run_id)) == []
    assert server.ok("logs", "ls", "--task-run", run_id).strip() == "No log lines."


def test_unknown_flow_run_is_failed_precondition(server):
    result = server.run("task-runs", "create", "--task-key", "orphan", "--flow-run", str(uuid.uuid4()))
    assert result.returncode == 19
    assert result.stderr.startswith("error: FAILED_PRECONDITION: ")


def test_malformed_id_is_invalid_argument_said_once(server):
    result = server.run("task-runs", "get", "not-a-uuid")
    assert result.returncode == INVALID_ARGUMENT
    assert result.stderr.splitlines() == [
        "error: INVALID_ARGUMENT: id must be a UUID such as 0b9c2e5e-8d3f-4c61-9a57-6f1d2c3b4a59."]


def test_wrong_token_is_unauthenticated(guarded_server):
    wrong = guarded_server.run("task-runs", "count", "--auth-token", "wrong")
    assert wrong.returncode == UNAUTHENTICATED
    assert wrong.stderr.startswith("error: UNAUTHENTICATED: ")
    assert guarded_server.run("task-runs", "count").returncode == UNAUTHENTICATED
    from_environment = guarded_server.run("task-runs", "count", env=client_environment(BATON_AUTH_TOKEN="s3cret"))
    assert (from_environment.returncode, from_environment.stdout) == (0, "0\n")
    command_line_wins = guarded_server.run(
        "task-runs", "count", "--auth-token", "s3cret", env=client_environment(BATON_AUTH_TOKEN="wrong"))
    assert command_line_wins.returncode == 0


def test_no_server_is_unavailable():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = subprocess.run(
        [str(support.baton_binary()), "task-runs", "count", "--port", str(port)],
        capture_output=True, text=True, timeout=30, env=client_environment())
    assert result.returncode == UNAVAILABLE
    assert result.stderr.startswith("error: UNAVAILABLE: ")


def test_usage_errors_exit_64(server):
    result = server.run("task-runs", "ls", "--state", "DONE")
    assert result.returncode == 64
    assert "SCHEDULED" in result.stderr


def test_help_documents_the_exit_codes():
    result = subprocess.run([str(support.baton_binary()), "task-runs", "--help"], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0
    assert re.search(r"15 +NOT_FOUND", result.stdout) and re.search(r"26 +UNAUTHENTICATED", result.stdout)
