"""`baton serve` as an operator starts it: the default database under $HOME, settings from
the environment, the command line winning over it, and a clean stop on SIGINT/SIGTERM."""
import os
import signal
import subprocess

import grpc

import baton_interop_support as support
from baton.v1 import task_runs_pb2, task_runs_pb2_grpc
from baton_interop_support import CALL_TIMEOUT


def serve(*arguments, environment=None):
    return support.ServerProcess(
        [support.baton_binary(), "serve", "--stop-after", "60", *arguments], environment=environment)


def count_runs(server):
    with grpc.insecure_channel(server.target) as channel:
        stub = task_runs_pb2_grpc.TaskRunsStub(channel)
        return stub.CountTaskRuns(task_runs_pb2.CountTaskRunsRequest(), timeout=CALL_TIMEOUT).count


def test_the_default_database_is_created_under_home(tmp_path):
    server = serve("--port", "0", environment={"HOME": str(tmp_path)})
    try:
        assert (tmp_path / ".baton" / "baton.db").is_file()
        assert count_runs(server) == 0
    finally:
        assert server.stop() == 0


def test_settings_come_from_the_environment_and_the_command_line_wins(tmp_path):
    environment = {"BATON_PORT": "0", "BATON_DATABASE": str(tmp_path / "from-env.db"), "BATON_HOST": "127.0.0.1"}
    server = serve(environment=environment)
    try:
        assert server.host == "127.0.0.1" and server.port > 0
        assert (tmp_path / "from-env.db").is_file()
    finally:
        assert server.stop() == 0
    server = serve("--database", str(tmp_path / "from-flag.db"), environment=environment)
    try:
        assert (tmp_path / "from-flag.db").is_file()
    finally:
        assert server.stop() == 0


def test_sigint_stops_the_server_cleanly_and_its_data_stays(tmp_path):
    database = tmp_path / "baton.db"
    server = serve("--port", "0", "--database", str(database))
    with grpc.insecure_channel(server.target) as channel:
        task_runs_pb2_grpc.TaskRunsStub(channel).CreateTaskRun(
            task_runs_pb2.CreateTaskRunRequest(task_key="k", dynamic_key="0"), timeout=CALL_TIMEOUT)
    server.process.send_signal(signal.SIGINT)
    assert server.process.wait(timeout=15) == 0
    server.stop()
    assert support.integrity_problems(database) == []
    restarted = serve("--port", "0", "--database", str(database))
    try:
        assert count_runs(restarted) == 1
    finally:
        assert restarted.stop() == 0


def test_a_bad_setting_is_refused_at_start(tmp_path):
    try:
        serve("--port", "0", "--database", str(tmp_path / "b.db"), "--log-level", "loud")
    except RuntimeError as error:
        assert "did not report its port" in str(error)
    else:
        raise AssertionError("baton serve started with --log-level loud")


def serve_until_it_exits(*arguments, environment=None):
    """Runs `baton serve` expecting it to refuse to start; returns the completed process."""
    return subprocess.run(
        [str(support.baton_binary()), "serve", "--stop-after", "10", "--port", "0", *arguments],
        capture_output=True, text=True, timeout=30,
        env=dict({k: v for k, v in os.environ.items() if not k.startswith("BATON_")}, **(environment or {})))


def test_one_server_per_database(tmp_path):
    database = tmp_path / "shared.db"
    first = serve("--port", "0", "--database", str(database))
    try:
        second = serve_until_it_exits("--database", str(database))
        assert second.returncode == 1
        assert "Another Baton server is using %s" % database in second.stderr
        assert count_runs(first) == 0
    finally:
        assert first.stop() == 0
    # The claim ends with the server that held it.
    after = serve("--port", "0", "--database", str(database))
    assert after.stop() == 0


def test_environment_values_read_as_a_person_would_write_them(tmp_path):
    server = serve("--port", "0", environment={
        "HOME": str(tmp_path), "BATON_DATABASE": "~/from-home.db", "BATON_AUTH_TOKEN": "s3cret",
        "BATON_PUBLIC_REFLECTION": "true"})
    try:
        assert (tmp_path / "from-home.db").is_file()
        listed = subprocess.run([support.grpcurl_binary(), "-plaintext", server.target, "list"],
                                capture_output=True, text=True, timeout=CALL_TIMEOUT)
        assert listed.returncode == 0 and "baton.v1.TaskRuns" in listed.stdout
    finally:
        assert server.stop() == 0
    refused = serve_until_it_exits(environment={"BATON_DATABASE": str(tmp_path / "x.db"), "BATON_PUBLIC_REFLECTION": "maybe"})
    assert refused.returncode == 64 and "BATON_PUBLIC_REFLECTION must be 1, true, yes or on" in refused.stderr
    refused = serve_until_it_exits("--database", str(tmp_path / "x.db"), environment={"BATON_LOG_LEVEL": "loud"})
    assert refused.returncode == 64 and "BATON_LOG_LEVEL must be one of" in refused.stderr
    refused = serve_until_it_exits("--database", str(tmp_path / "x.db"), "--auth-token", "")
    assert refused.returncode == 64 and "--auth-token must not be empty" in refused.stderr
