"""Fixtures for the tests against a live `baton serve`. The Python stubs of proto/baton/v1
are generated once per session, before the test modules are imported, so that tests
import them as a Python user would: `from baton.v1 import task_runs_pb2`."""
import shutil
import tempfile

import grpc
import pytest

import baton_interop_support as support

_stubs_dir = None


def pytest_configure(config):
    global _stubs_dir
    _stubs_dir = tempfile.mkdtemp(prefix="baton-stubs-")
    support.generate_baton_stubs(_stubs_dir)


def pytest_unconfigure(config):
    if _stubs_dir:
        shutil.rmtree(_stubs_dir, ignore_errors=True)


@pytest.fixture(scope="module")
def start_baton(tmp_path_factory):
    """start_baton(*arguments) starts `baton serve` on a new database with extra arguments.
    At the end of the module every server started this way is stopped, must exit 0, and
    must leave a sound database."""
    servers = []

    def start(*arguments):
        server = support.BatonServer(tmp_path_factory.mktemp("baton"), *arguments)
        servers.append(server)
        return server

    yield start
    assert [server.stop() for server in servers] == [0] * len(servers)
    for server in servers:
        assert support.integrity_problems(server.database) == []


@pytest.fixture(scope="module")
def baton_server(start_baton):
    """One `baton serve` without authentication, shared by a test module."""
    return start_baton()


@pytest.fixture(scope="module")
def baton_channel(baton_server):
    with grpc.insecure_channel(baton_server.target) as channel:
        grpc.channel_ready_future(channel).result(timeout=support.CALL_TIMEOUT)
        yield channel
