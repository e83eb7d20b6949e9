"""Task workers from Python and grpcurl: the SubscribeScheduledTaskRuns bidi stream that
replaces Prefect's WebSocket, worker tracking, and delivery across a server killed with
SIGKILL (spec task-workers §E)."""
import json
import queue
import signal
import subprocess
import time
import uuid

import grpc
import pytest
from google.protobuf import wrappers_pb2

import baton_interop_support as support
from baton.v1 import states_pb2, task_runs_pb2, task_runs_pb2_grpc, task_workers_pb2, task_workers_pb2_grpc
from baton_interop_support import CALL_TIMEOUT


def create_background_run(task_runs, key):
    """A SCHEDULED run with `deferred` set, as Prefect's `apply_async` creates it."""
    request = task_runs_pb2.CreateTaskRunRequest(
        task_key=key, dynamic_key="%s-%s" % (key, uuid.uuid4().hex),
        state=states_pb2.StateCreate(
            type=states_pb2.STATE_TYPE_SCHEDULED, state_details=states_pb2.StateDetails(deferred=wrappers_pb2.BoolValue(value=True))))
    return task_runs.CreateTaskRun(request, timeout=CALL_TIMEOUT).task_run


class Subscription:
    """A bidi call whose outgoing messages the test puts on a queue."""

    def __init__(self, channel, keys, client_id):
        self.outgoing = queue.Queue()
        self.outgoing.put(task_workers_pb2.TaskWorkerMessage(
            subscribe=task_workers_pb2.Subscribe(task_keys=keys, client_id=client_id)))
        self.call = task_workers_pb2_grpc.TaskWorkersStub(channel).SubscribeScheduledTaskRuns(
            iter(self.outgoing.get, None), timeout=30)
        assert next(self.call).WhichOneof("kind") == "subscribed"

    def next_run(self):
        event = next(self.call)
        assert event.WhichOneof("kind") == "task_run"
        return event.task_run

    def ack(self, run_id):
        self.outgoing.put(task_workers_pb2.TaskWorkerMessage(ack=task_workers_pb2.Ack(task_run_id=run_id)))

    def quit(self):
        self.outgoing.put(task_workers_pb2.TaskWorkerMessage(quit=task_workers_pb2.Quit()))
        self.outgoing.put(None)
        assert list(self.call) == []
        assert self.call.code() == grpc.StatusCode.OK


@pytest.fixture(scope="module")
def task_runs(baton_channel):
    return task_runs_pb2_grpc.TaskRunsStub(baton_channel)


def test_a_python_worker_receives_acknowledges_and_quits(baton_channel, task_runs):
    first, second = create_background_run(task_runs, "py.one"), create_background_run(task_runs, "py.one")
    worker = Subscription(baton_channel, ["py.one"], "python-worker")
    workers = task_workers_pb2_grpc.TaskWorkersStub(baton_channel).ReadTaskWorkers(
        task_workers_pb2.ReadTaskWorkersRequest(task_keys=["py.one"]), timeout=CALL_TIMEOUT).workers
    assert [(w.identifier, list(w.task_keys)) for w in workers] == [("python-worker", ["py.one"])]

    delivered = worker.next_run()
    assert delivered.id == first.id
    assert delivered.state.type == states_pb2.STATE_TYPE_SCHEDULED and delivered.state.state_details.deferred.value
    worker.ack(delivered.id)
    assert worker.next_run().id == second.id
    worker.ack(second.id)
    worker.quit()
    assert task_workers_pb2_grpc.TaskWorkersStub(baton_channel).ReadTaskWorkers(
        task_workers_pb2.ReadTaskWorkersRequest(task_keys=["py.one"]), timeout=CALL_TIMEOUT).workers == []


def test_a_subscription_without_keys_is_refused_with_prefects_reason(baton_channel):
    call = task_workers_pb2_grpc.TaskWorkersStub(baton_channel).SubscribeScheduledTaskRuns(
        iter([task_workers_pb2.TaskWorkerMessage(subscribe=task_workers_pb2.Subscribe(client_id="w"))]),
        timeout=CALL_TIMEOUT)
    with pytest.raises(grpc.RpcError) as raised:
        list(call)
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "Protocol violation: expected 'keys' in subscribe message" in raised.value.details()


def test_grpcurl_subscribes_from_stdin(baton_server, task_runs):
    """A person at a terminal: grpcurl reads messages from stdin as they are typed and
    prints each event as it arrives."""
    run = create_background_run(task_runs, "curl.one")
    grpcurl = subprocess.Popen(
        [support.grpcurl_binary(), "-plaintext", "-d", "@", baton_server.target,
         "baton.v1.TaskWorkers/SubscribeScheduledTaskRuns"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        def type_message(message):
            grpcurl.stdin.write(json.dumps(message) + "\n")
            grpcurl.stdin.flush()

        def read_event():
            text = ""
            while True:
                line = grpcurl.stdout.readline()
                assert line, grpcurl.stderr.read()
                text += line
                if line.rstrip() == "}":
                    return json.loads(text)

        type_message({"subscribe": {"task_keys": ["curl.one"], "client_id": "grpcurl"}})
        assert read_event() == {"subscribed": {}}
        delivered = read_event()["task_run"]
        assert delivered["id"] == run.id and delivered["state"]["state_details"]["deferred"] is True
        type_message({"ack": {"task_run_id": run.id}})
        type_message({"quit": {}})
        grpcurl.stdin.close()
        assert grpcurl.wait(timeout=30) == 0, grpcurl.stderr.read()
    finally:
        if grpcurl.poll() is None:
            grpcurl.kill()


def test_runs_are_delivered_again_after_the_server_is_killed(tmp_path):
    server = support.BatonServer(tmp_path)
    try:
        with grpc.insecure_channel(server.target) as channel:
            stub = task_runs_pb2_grpc.TaskRunsStub(channel)
            created = {create_background_run(stub, "restored").id for _ in range(10)}
            # One run is delivered and acknowledged before the crash: it is still SCHEDULED in
            # the database, so it comes back too (at-least-once).
            worker = Subscription(channel, ["restored"], "before-crash")
            worker.ack(worker.next_run().id)
        server.process.kill()
        server.process.wait(timeout=10)
    finally:
        server.stop()

    restarted = support.BatonServer(tmp_path)
    try:
        with grpc.insecure_channel(restarted.target) as channel:
            worker = Subscription(channel, ["restored"], "after-crash")
            delivered = set()
            for _ in created:
                run = worker.next_run()
                delivered.add(run.id)
                worker.ack(run.id)
            worker.quit()
        assert delivered == created
    finally:
        assert restarted.stop() == 0
    assert support.integrity_problems(restarted.database) == []


def test_sigterm_ends_subscriptions_and_watches_at_once_and_the_held_run_comes_back(tmp_path):
    """Health watches too, after NOT_SERVING; none holds the stop for the grace period."""
    server = support.BatonServer(tmp_path)
    try:
        with grpc.insecure_channel(server.target) as channel:
            stub = task_runs_pb2_grpc.TaskRunsStub(channel)
            created = create_background_run(stub, "shutdown")
            worker = Subscription(channel, ["shutdown"], "at-shutdown")
            held = worker.next_run()
            watch = stub.WatchTaskRuns(task_runs_pb2.WatchTaskRunsRequest(), timeout=30)
            # Raw bytes: serving (1), then not serving (2) at shutdown, then the end.
            health = channel.unary_stream("/grpc.health.v1.Health/Watch")(b"", timeout=30)
            assert next(health) == b"\x08\x01"
            started = time.monotonic()
            server.process.send_signal(signal.SIGTERM)
            for call in (worker.call, watch):
                with pytest.raises(grpc.RpcError) as raised:
                    list(call)
                assert raised.value.code() == grpc.StatusCode.UNAVAILABLE
                assert "shutting down" in raised.value.details()
            assert list(health) == [b"\x08\x02"]
            # Well inside the transport's 10 s grace period, which the streams no longer wait out.
            assert server.process.wait(timeout=5) == 0
            assert time.monotonic() - started < 3
    finally:
        server.stop()
    assert held.id == created.id

    restarted = support.BatonServer(tmp_path)
    try:
        with grpc.insecure_channel(restarted.target) as channel:
            worker = Subscription(channel, ["shutdown"], "after-restart")
            assert worker.next_run().id == held.id
            worker.ack(held.id)
            worker.quit()
    finally:
        assert restarted.stop() == 0


def test_a_subscription_needs_the_token_like_every_call(start_baton):
    server = start_baton("--auth-token", "s3cret")
    subscribe = task_workers_pb2.TaskWorkerMessage(
        subscribe=task_workers_pb2.Subscribe(task_keys=["guarded"], client_id="w"))
    with grpc.insecure_channel(server.target) as channel:
        call = task_workers_pb2_grpc.TaskWorkersStub(channel).SubscribeScheduledTaskRuns(
            iter([subscribe]), timeout=CALL_TIMEOUT)
        with pytest.raises(grpc.RpcError) as raised:
            list(call)
        assert raised.value.code() == grpc.StatusCode.UNAUTHENTICATED
    with support.bearer_channel(server.target, "s3cret") as channel:
        call = task_workers_pb2_grpc.TaskWorkersStub(channel).SubscribeScheduledTaskRuns(
            iter([subscribe]), timeout=CALL_TIMEOUT)
        assert next(call).WhichOneof("kind") == "subscribed"
        call.cancel()
