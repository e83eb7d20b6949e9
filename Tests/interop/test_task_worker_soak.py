"""Soak: 4 `baton worker` processes serve 20,000 background runs while they are stopped
(SIGTERM) and started again at random. At the end every run is COMPLETED and was executed
exactly once: a run delivered twice is caught by the PENDING guard (ABORT) and skipped."""
import collections
import concurrent.futures
import os
import random
import signal
import subprocess
import time
import uuid

import grpc
from google.protobuf import wrappers_pb2

import baton_interop_support as support
from baton.v1 import filters_pb2, states_pb2, task_runs_pb2, task_runs_pb2_grpc

RUNS = int(os.environ.get("BATON_SOAK_RUNS", "20000"))
WORKERS = 4
KEY = "soak.task"


class Worker:
    """One `baton worker` process; each incarnation writes its own log."""

    def __init__(self, server, directory, number):
        self.server, self.directory, self.number = server, directory, number
        self.incarnation, self.process, self.logs = 0, None, []
        self.start()

    def start(self):
        self.incarnation += 1
        log = self.directory / ("worker-%d-%d.log" % (self.number, self.incarnation))
        self.logs.append(log)
        with open(log, "w") as output:
            self.process = subprocess.Popen(
                [str(support.baton_binary()), "worker", "--task-key", KEY, "--port", str(self.server.port),
                 "--client-id", "soak-%d" % self.number, "--stop-after", "600"],
                stdout=output, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while "subscribed" not in log.read_text():
            assert self.process.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.02)

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        assert self.process.wait(timeout=30) == 0

    def lines(self):
        return [line.split() for log in self.logs for line in log.read_text().splitlines()]


def create_runs(target):
    with grpc.insecure_channel(target) as channel:
        stub = task_runs_pb2_grpc.TaskRunsStub(channel)
        state = states_pb2.StateCreate(
            type=states_pb2.STATE_TYPE_SCHEDULED,
            state_details=states_pb2.StateDetails(deferred=wrappers_pb2.BoolValue(value=True)))

        def create(index):
            request = task_runs_pb2.CreateTaskRunRequest(
                task_key=KEY, dynamic_key="%d-%s" % (index, uuid.uuid4().hex), state=state)
            return stub.CreateTaskRun(request, timeout=60).task_run.id

        with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
            return set(pool.map(create, range(RUNS)))


def count_completed(stub):
    request = task_runs_pb2.CountTaskRunsRequest(task_runs=filters_pb2.TaskRunFilter(
        state=filters_pb2.TaskRunFilterState(type=filters_pb2.TaskRunFilterStateType(
            any_=filters_pb2.StateTypeList(values=[states_pb2.STATE_TYPE_COMPLETED])))))
    return stub.CountTaskRuns(request, timeout=30).count


def test_workers_stopped_and_restarted_at_random_complete_every_run_once(start_baton, tmp_path):
    server = start_baton()
    workers = [Worker(server, tmp_path, number) for number in range(WORKERS)]
    chaos = random.Random(20261129)
    restarts = 0
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as background:
            creating = background.submit(create_runs, server.target)
            with grpc.insecure_channel(server.target) as channel:
                stub = task_runs_pb2_grpc.TaskRunsStub(channel)
                deadline = time.monotonic() + 300
                while (not creating.done() or count_completed(stub) < RUNS) and time.monotonic() < deadline:
                    time.sleep(chaos.uniform(0.2, 0.8))
                    worker = chaos.choice(workers)
                    worker.stop()
                    worker.start()
                    restarts += 1
                created = creating.result()
                assert count_completed(stub) == RUNS, "not every run completed within 300 s"
    finally:
        for worker in workers:
            if worker.process.poll() is None:
                worker.stop()

    executions = collections.Counter()
    for worker in workers:
        for words in worker.lines():
            if len(words) >= 3 and words[1] == "completed":
                executions[words[2]] += 1
    assert restarts >= 5
    assert set(executions) == created
    assert [run for run, count in executions.items() if count != 1] == []
