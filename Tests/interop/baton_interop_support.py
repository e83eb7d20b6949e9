"""Shared by the Python tests: starting and stopping the servers under test
(baton-interop-server and `baton serve`), generating Python stubs at test time, finding
grpcurl, decoding rich error details, and reading the examples embedded in the docs."""
import importlib
import importlib.resources
import json
import os
import pathlib
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import grpc
import pytest
from google.rpc import error_details_pb2, status_pb2
from grpc_tools import protoc

REPO = pathlib.Path(__file__).resolve().parents[2]
GRPC_PROTO = pathlib.Path(os.environ.get("GRPC_PROTO_DIR", "/usr/share/grpc-proto"))
BATON_PROTO = REPO / "proto"
DOCUMENTED_ADDRESS = "127.0.0.1:50051"  # where the docs assume a server
CALL_TIMEOUT = 20  # seconds; every call of the tests against a live server is bounded
SERVING = b"\x08\x01"  # grpc.health.v1.HealthCheckResponse{status: SERVING}
LISTENING = re.compile(r"listening on (\S+):(\d+)")


def built_executable(name, environment_variable):
    """$environment_variable if set, else the debug or release build of `name` in the repo."""
    configured = os.environ.get(environment_variable)
    candidates = [pathlib.Path(configured)] if configured else [
        REPO / ".build" / "debug" / name,
        REPO / ".build" / "release" / name,
    ]
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    raise RuntimeError("%s not found (looked at %s): run `swift build --product %s` or set %s" % (
        name, ", ".join(str(c) for c in candidates), name, environment_variable))


def server_binary():
    """The interop server to test: $BATON_INTEROP_SERVER, else the repo's build."""
    return built_executable("baton-interop-server", "BATON_INTEROP_SERVER")


def baton_binary():
    """The `baton` executable to test: $BATON_BIN, else the repo's build."""
    return built_executable("baton", "BATON_BIN")


class ServerProcess:
    """A server process that prints `listening on HOST:PORT` on stdout once it serves;
    always stopped by stop(). BATON_* variables of the caller's environment are not passed
    on, so that only the arguments (and `environment`, added to the rest) configure the server."""

    def __init__(self, arguments, stderr=subprocess.STDOUT, start_timeout=30, environment=None):
        environment = dict({k: v for k, v in os.environ.items() if not k.startswith("BATON_")}, **(environment or {}))
        self.process = subprocess.Popen(
            [str(a) for a in arguments], stdout=subprocess.PIPE, stderr=stderr, text=True, env=environment)
        self.host, self.port = None, None
        deadline = time.monotonic() + start_timeout
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            match = LISTENING.search(line)
            if match:
                self.host, self.port = match.group(1), int(match.group(2))
                break
        if self.port is None:
            self.stop()
            raise RuntimeError("%s did not report its port" % arguments[0])

    @property
    def target(self):
        return "%s:%d" % (self.host, self.port)

    def stop(self, timeout=15):
        """SIGTERM, then SIGKILL if it has not exited within `timeout` seconds; returns the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        if self.process.stdout:
            self.process.stdout.close()
        return self.process.returncode


class InteropServer(ServerProcess):
    """baton-interop-server on 127.0.0.1 with a kernel-chosen port."""

    def __init__(self, idle_timeout=120):
        super().__init__([server_binary(), "--port", "0", "--idle-timeout", idle_timeout])


class BatonServer(ServerProcess):
    """`baton serve` on 127.0.0.1 with a kernel-chosen port and a new database in
    `directory`; its log goes to `directory`/baton.log. It stops by itself after
    `stop_after` seconds if the test never stops it."""

    def __init__(self, directory, *extra_arguments, stop_after=300):
        directory = pathlib.Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        self.database = directory / "baton.db"
        self.log_path = directory / "baton.log"
        with open(self.log_path, "a") as log:
            try:
                super().__init__([
                    baton_binary(), "serve", "--port", "0", "--database", self.database,
                    "--stop-after", stop_after, *extra_arguments], stderr=log)
            except RuntimeError as error:
                raise RuntimeError("%s; its log:\n%s" % (error, self.log_path.read_text()[-4000:])) from None


def bearer_channel(target, token):
    """A plaintext channel that sends `authorization: Bearer <token>` on every call, the grpcio way:
    call credentials, which grpcio sends over plaintext only to a local peer."""
    credentials = grpc.composite_channel_credentials(
        grpc.local_channel_credentials(grpc.LocalConnectionType.LOCAL_TCP), grpc.access_token_call_credentials(token))
    return grpc.secure_channel(target, credentials)


def varint(value):
    """`value` (>= 0) as a protobuf varint, for requests written by hand."""
    out = bytearray()
    while True:
        low, value = value & 0x7F, value >> 7
        out.append(low | (0x80 if value else 0))
        if not value:
            return bytes(out)


def stored(run):
    """A copy of a task or flow run without the fields computed when it is read (they move
    with the clock), for comparing two reads."""
    copy = type(run)()
    copy.CopyFrom(run)
    copy.ClearField("estimated_run_time")
    copy.ClearField("estimated_start_time_delta")
    return copy


def health_check(channel, service=""):
    """The raw grpc.health.v1.HealthCheckResponse for `service` (health needs no stubs)."""
    request = b"\x0a" + varint(len(service)) + service.encode() if service else b""
    return channel.unary_unary("/grpc.health.v1.Health/Check")(request, timeout=CALL_TIMEOUT)


def integrity_problems(database):
    """SQLite's integrity and foreign-key checks of a database file no server has open;
    an empty list when the database is sound."""
    connection = sqlite3.connect(str(database))
    try:
        problems = [row for row in connection.execute("PRAGMA integrity_check") if row != ("ok",)]
        return problems + list(connection.execute("PRAGMA foreign_key_check"))
    finally:
        connection.close()


def compile_protos(include_dirs, files, out_dir):
    """Runs grpc_tools.protoc (with its bundled well-known types) on `files` and puts
    `out_dir` first on sys.path so that the generated modules import."""
    well_known = importlib.resources.files("grpc_tools") / "_proto"
    arguments = ["protoc", "-I", str(well_known)]
    for include in include_dirs:
        arguments += ["-I", str(include)]
    arguments += ["--python_out", str(out_dir), "--grpc_python_out", str(out_dir), *files]
    if protoc.main(arguments) != 0:
        raise RuntimeError("grpc_tools.protoc failed on %s" % files)
    if str(out_dir) not in sys.path:
        sys.path.insert(0, str(out_dir))


def generate_stubs(out_dir):
    """Compiles grpc/testing/{empty,messages,test}.proto into `out_dir` and imports them.

    The Python package `grpc` is grpcio itself, so the protos are copied under
    `baton_interop_stubs/` (imports rewritten) before compiling; the protobuf package, and
    so every name on the wire, stays `grpc.testing`."""
    out_dir = pathlib.Path(out_dir)
    source = out_dir / "proto" / "baton_interop_stubs"
    source.mkdir(parents=True, exist_ok=True)
    names = ["empty", "messages", "test"]
    for name in names:
        text = (GRPC_PROTO / "grpc" / "testing" / (name + ".proto")).read_text()
        text = text.replace('import "grpc/testing/', 'import "baton_interop_stubs/')
        (source / (name + ".proto")).write_text(text)
    (out_dir / "baton_interop_stubs").mkdir(exist_ok=True)
    (out_dir / "baton_interop_stubs" / "__init__.py").write_text("")
    compile_protos([out_dir / "proto"], ["baton_interop_stubs/%s.proto" % name for name in names], out_dir)
    from baton_interop_stubs import empty_pb2, messages_pb2, test_pb2_grpc  # noqa: E402
    return empty_pb2, messages_pb2, test_pb2_grpc


def generate_baton_stubs(out_dir):
    """Compiles proto/baton/v1/*.proto into `out_dir`, importable as `baton.v1.*_pb2` and
    `baton.v1.*_pb2_grpc` (regular packages, so nothing else named `baton` shadows them)."""
    out_dir = pathlib.Path(out_dir)
    files = sorted(str(p.relative_to(BATON_PROTO)) for p in (BATON_PROTO / "baton" / "v1").glob("*.proto"))
    compile_protos([BATON_PROTO], files, out_dir)
    for package in (out_dir / "baton", out_dir / "baton" / "v1"):
        (package / "__init__.py").touch()
    importlib.invalidate_caches()


def grpcurl_binary():
    """$GRPCURL, else the repo's .venv, else the one next to this Python, else PATH."""
    configured = os.environ.get("GRPCURL")
    candidates = [configured] if configured else [
        REPO / ".venv" / "bin" / "grpcurl", pathlib.Path(sys.executable).parent / "grpcurl", shutil.which("grpcurl")]
    for candidate in candidates:
        if candidate and os.path.isfile(str(candidate)) and os.access(str(candidate), os.X_OK):
            return str(candidate)
    pytest.fail("grpcurl not found: run scripts/bootstrap, or set GRPCURL")


def json_objects(text):
    """grpcurl prints one pretty-printed JSON object per response message."""
    decoder = json.JSONDecoder()
    objects, index = [], 0
    text = text.strip()
    while index < len(text):
        obj, end = decoder.raw_decode(text, index)
        objects.append(obj)
        index = end
        while index < len(text) and text[index].isspace():
            index += 1
    return objects


def error_status(rpc_error):
    """The google.rpc.Status a server put in the `grpc-status-details-bin` trailer, or None."""
    for key, value in rpc_error.trailing_metadata() or ():
        if key == "grpc-status-details-bin":
            return status_pb2.Status.FromString(value)
    return None


def field_violations(rpc_error):
    """{field: description} of the google.rpc.BadRequest in the error's status details."""
    status = error_status(rpc_error)
    assert status is not None, "no grpc-status-details-bin in %r" % rpc_error
    assert status.code == rpc_error.code().value[0] and status.message == rpc_error.details()
    violations = {}
    for detail in status.details:
        bad_request = error_details_pb2.BadRequest()
        if detail.Unpack(bad_request):
            violations.update((v.field, v.description) for v in bad_request.field_violations)
    return violations


def marked_section(marker, documents):
    """The text between `<!-- marker:start -->` and `<!-- marker:end -->` in the first of
    `documents` that has both markers."""
    pattern = re.compile(r"<!-- %s:start -->(.*?)<!-- %s:end -->" % (re.escape(marker), re.escape(marker)), re.S)
    for document in documents:
        if document.is_file():
            match = pattern.search(document.read_text())
            if match:
                return match.group(1)
    pytest.fail("no %s markers in %s" % (marker, ", ".join(str(d) for d in documents)))


def fenced_blocks(text, language):
    """The bodies of the ```language fenced code blocks in `text`, in order."""
    return re.findall(r"^```%s\n(.*?)^```$" % re.escape(language), text, re.S | re.M)


def command_directory(directory, **commands):
    """`directory` filled with one wrapper script per name that runs the given executable,
    for the front of PATH when running documented shell commands."""
    directory = pathlib.Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    for name, executable in commands.items():
        wrapper = directory / name
        wrapper.write_text('#!/bin/sh\nexec "%s" "$@"\n' % executable)
        wrapper.chmod(0o755)
    return directory


def aimed_at(server, snippet):
    """A documented snippet with the test server's address in place of 127.0.0.1:50051."""
    return snippet.replace(DOCUMENTED_ADDRESS, server.target)


def run_documented(script, cwd, commands, server):
    """Runs a documented shell snippet with `sh` in `cwd`, against `server`, with
    `commands` (a command_directory) first on PATH."""
    environment = dict(os.environ, PATH="%s%s%s" % (commands, os.pathsep, os.environ.get("PATH", "")))
    result = subprocess.run(["sh", "-c", aimed_at(server, script)], cwd=str(cwd),
                            env=environment, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, "%s\nfailed:\n%s" % (script, result.stderr)
    return result.stdout
