"""Starts and stops baton-interop-server for the Python interop tests, and generates the
Python stubs of Debian's grpc-proto test protos at test time."""
import os
import pathlib
import re
import signal
import subprocess
import sys
import time

REPO = pathlib.Path(__file__).resolve().parents[2]
GRPC_PROTO = pathlib.Path(os.environ.get("GRPC_PROTO_DIR", "/usr/share/grpc-proto"))


def server_binary():
    """The server to test: $BATON_INTEROP_SERVER, else the debug or release build of the repo."""
    configured = os.environ.get("BATON_INTEROP_SERVER")
    candidates = [pathlib.Path(configured)] if configured else [
        REPO / ".build" / "debug" / "baton-interop-server",
        REPO / ".build" / "release" / "baton-interop-server",
    ]
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    raise RuntimeError(
        "baton-interop-server not found (looked at %s): run `swift build --product baton-interop-server` "
        "or set BATON_INTEROP_SERVER" % ", ".join(str(c) for c in candidates))


class InteropServer:
    """One server process on 127.0.0.1 with a kernel-chosen port; always stopped by stop()."""

    def __init__(self, idle_timeout=120, start_timeout=30):
        self.process = subprocess.Popen(
            [str(server_binary()), "--port", "0", "--idle-timeout", str(idle_timeout)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.port = None
        deadline = time.monotonic() + start_timeout
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            match = re.search(r"listening on 127\.0\.0\.1:(\d+)", line)
            if match:
                self.port = int(match.group(1))
                break
        if self.port is None:
            self.stop()
            raise RuntimeError("baton-interop-server did not report its port")

    @property
    def target(self):
        return "127.0.0.1:%d" % self.port

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


def generate_stubs(out_dir):
    """Compiles grpc/testing/{empty,messages,test}.proto into `out_dir` and imports them.

    The Python package `grpc` is grpcio itself, so the protos are copied under
    `baton_interop_stubs/` (imports rewritten) before compiling; the protobuf package, and
    so every name on the wire, stays `grpc.testing`."""
    from grpc_tools import protoc
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
    files = ["baton_interop_stubs/%s.proto" % name for name in names]
    args = ["protoc", "-I", str(out_dir / "proto"), "--python_out", str(out_dir),
            "--grpc_python_out", str(out_dir)] + files
    if protoc.main(args) != 0:
        raise RuntimeError("grpc_tools.protoc failed on %s" % files)
    if str(out_dir) not in sys.path:
        sys.path.insert(0, str(out_dir))
    from baton_interop_stubs import empty_pb2, messages_pb2, test_pb2_grpc  # noqa: E402
    return empty_pb2, messages_pb2, test_pb2_grpc
