"""The public gRPC interop test cases (doc/interop-test-descriptions.md in grpc/grpc), run
with Python grpcio against baton-interop-server."""
import threading

import grpc
import pytest

import baton_interop_support as support

CALL_TIMEOUT = 20  # seconds; every call below is bounded


@pytest.fixture(scope="module")
def stubs(tmp_path_factory):
    return support.generate_stubs(tmp_path_factory.mktemp("stubs"))


@pytest.fixture(scope="module")
def server():
    server = support.InteropServer()
    yield server
    assert server.stop() == 0


@pytest.fixture
def channel(server):
    with grpc.insecure_channel(server.target) as channel:
        grpc.channel_ready_future(channel).result(timeout=CALL_TIMEOUT)
        yield channel


@pytest.fixture
def stub(channel, stubs):
    return stubs[2].TestServiceStub(channel)


class Pipe:
    """A request iterator fed by the test, as in grpc's own interop client."""

    def __init__(self):
        self._condition = threading.Condition()
        self._values = []
        self._open = True

    def __iter__(self):
        return self

    def __next__(self):
        with self._condition:
            while not self._values and self._open:
                self._condition.wait(timeout=CALL_TIMEOUT)
            if self._values:
                return self._values.pop(0)
            raise StopIteration()

    def add(self, value):
        with self._condition:
            self._values.append(value)
            self._condition.notify()

    def close(self):
        with self._condition:
            self._open = False
            self._condition.notify()

    def __enter__(self):
        return self

    def __exit__(self, *args):
        self.close()


def payload(messages, size):
    return messages.Payload(body=b"\x00" * size)


def test_empty_unary(stub, stubs):
    empty, _, _ = stubs
    response = stub.EmptyCall(empty.Empty(), timeout=CALL_TIMEOUT)
    assert isinstance(response, empty.Empty)


def test_large_unary(stub, stubs):
    _, messages, _ = stubs
    request = messages.SimpleRequest(
        response_type=messages.COMPRESSABLE, response_size=314159, payload=payload(messages, 271828))
    response = stub.UnaryCall(request, timeout=CALL_TIMEOUT)
    assert response.payload.type == messages.COMPRESSABLE
    assert response.payload.body == b"\x00" * 314159


def test_client_streaming(stub, stubs):
    _, messages, _ = stubs
    requests = (messages.StreamingInputCallRequest(payload=payload(messages, size))
                for size in (27182, 8, 1828, 45904))
    response = stub.StreamingInputCall(requests, timeout=CALL_TIMEOUT)
    assert response.aggregated_payload_size == 74922


def test_server_streaming(stub, stubs):
    _, messages, _ = stubs
    sizes = (31415, 9, 2653, 58979)
    request = messages.StreamingOutputCallRequest(
        response_type=messages.COMPRESSABLE,
        response_parameters=[messages.ResponseParameters(size=size) for size in sizes])
    responses = list(stub.StreamingOutputCall(request, timeout=CALL_TIMEOUT))
    assert [len(r.payload.body) for r in responses] == list(sizes)


def test_ping_pong(stub, stubs):
    _, messages, _ = stubs
    with Pipe() as pipe:
        responses = stub.FullDuplexCall(pipe, timeout=CALL_TIMEOUT)
        for response_size, payload_size in zip((31415, 9, 2653, 58979), (27182, 8, 1828, 45904)):
            pipe.add(messages.StreamingOutputCallRequest(
                response_type=messages.COMPRESSABLE,
                response_parameters=[messages.ResponseParameters(size=response_size)],
                payload=payload(messages, payload_size)))
            response = next(responses)
            assert len(response.payload.body) == response_size
        pipe.close()
        with pytest.raises(StopIteration):
            next(responses)
    assert responses.code() == grpc.StatusCode.OK


def test_empty_stream(stub):
    with Pipe() as pipe:
        responses = stub.FullDuplexCall(pipe, timeout=CALL_TIMEOUT)
        pipe.close()
        assert list(responses) == []
    assert responses.code() == grpc.StatusCode.OK


def test_timeout_on_sleeping_server(stub, stubs):
    _, messages, _ = stubs
    with Pipe() as pipe:
        responses = stub.FullDuplexCall(pipe, timeout=0.001)
        pipe.add(messages.StreamingOutputCallRequest(payload=payload(messages, 27182)))
        with pytest.raises(grpc.RpcError) as error:
            next(responses)
    assert error.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED


def test_cancel_after_begin(stub):
    with Pipe() as pipe:
        future = stub.StreamingInputCall.future(pipe, timeout=CALL_TIMEOUT)
        future.cancel()
        assert future.cancelled()
        assert future.code() == grpc.StatusCode.CANCELLED


def test_cancel_after_first_response(stub, stubs):
    _, messages, _ = stubs
    with Pipe() as pipe:
        responses = stub.FullDuplexCall(pipe, timeout=CALL_TIMEOUT)
        pipe.add(messages.StreamingOutputCallRequest(
            response_type=messages.COMPRESSABLE,
            response_parameters=[messages.ResponseParameters(size=31415)],
            payload=payload(messages, 27182)))
        next(responses)
        responses.cancel()
        with pytest.raises(grpc.RpcError) as error:
            next(responses)
    assert error.value.code() == grpc.StatusCode.CANCELLED


def test_status_code_and_message(stub, stubs):
    _, messages, _ = stubs
    details = "test status message"
    status = messages.EchoStatus(code=2, message=details)
    with pytest.raises(grpc.RpcError) as error:
        stub.UnaryCall(messages.SimpleRequest(
            response_type=messages.COMPRESSABLE, response_size=1, payload=payload(messages, 1),
            response_status=status), timeout=CALL_TIMEOUT)
    assert error.value.code() == grpc.StatusCode.UNKNOWN
    assert error.value.details() == details

    with Pipe() as pipe:
        responses = stub.FullDuplexCall(pipe, timeout=CALL_TIMEOUT)
        pipe.add(messages.StreamingOutputCallRequest(
            response_type=messages.COMPRESSABLE, response_parameters=[messages.ResponseParameters(size=1)],
            payload=payload(messages, 1), response_status=status))
        pipe.close()
        with pytest.raises(grpc.RpcError) as error:
            list(responses)
    assert error.value.code() == grpc.StatusCode.UNKNOWN
    assert error.value.details() == details


def test_special_status_message(stub, stubs):
    _, messages, _ = stubs
    details = "\t\ntest with whitespace\r\nand Unicode BMP \u263a and non-BMP \U0001f608\t\n"
    with pytest.raises(grpc.RpcError) as error:
        stub.UnaryCall(messages.SimpleRequest(
            response_status=messages.EchoStatus(code=2, message=details)), timeout=CALL_TIMEOUT)
    assert error.value.code() == grpc.StatusCode.UNKNOWN
    assert error.value.details() == details


def test_unimplemented_method(stub, stubs):
    empty, _, _ = stubs
    with pytest.raises(grpc.RpcError) as error:
        stub.UnimplementedCall(empty.Empty(), timeout=CALL_TIMEOUT)
    assert error.value.code() == grpc.StatusCode.UNIMPLEMENTED


def test_unimplemented_service(channel, stubs):
    empty, _, test = stubs
    with pytest.raises(grpc.RpcError) as error:
        test.UnimplementedServiceStub(channel).UnimplementedCall(empty.Empty(), timeout=CALL_TIMEOUT)
    assert error.value.code() == grpc.StatusCode.UNIMPLEMENTED


def test_custom_metadata(stub, stubs):
    _, messages, _ = stubs
    initial = ("x-grpc-test-echo-initial", "test_initial_metadata_value")
    trailing = ("x-grpc-test-echo-trailing-bin", b"\xab\xab\xab")

    def check(call):
        assert dict(call.initial_metadata())[initial[0]] == initial[1]
        assert dict(call.trailing_metadata())[trailing[0]] == trailing[1]

    _, call = stub.UnaryCall.with_call(
        messages.SimpleRequest(response_type=messages.COMPRESSABLE, response_size=314159,
                               payload=payload(messages, 271828)),
        metadata=(initial, trailing), timeout=CALL_TIMEOUT)
    check(call)

    with Pipe() as pipe:
        responses = stub.FullDuplexCall(pipe, metadata=(initial, trailing), timeout=CALL_TIMEOUT)
        pipe.add(messages.StreamingOutputCallRequest(
            response_type=messages.COMPRESSABLE, response_parameters=[messages.ResponseParameters(size=314159)],
            payload=payload(messages, 271828)))
        assert len(next(responses).payload.body) == 314159
        pipe.close()
        assert list(responses) == []
    check(responses)


def test_client_compressed_unary(stub, stubs):
    _, messages, _ = stubs

    def request(expect_compressed):
        return messages.SimpleRequest(
            expect_compressed=messages.BoolValue(value=expect_compressed), response_size=314159,
            payload=payload(messages, 271828))

    # The probe: an uncompressed request that claims to be compressed is refused.
    with pytest.raises(grpc.RpcError) as error:
        stub.UnaryCall(request(True), timeout=CALL_TIMEOUT)
    assert error.value.code() == grpc.StatusCode.INVALID_ARGUMENT

    response = stub.UnaryCall(request(True), compression=grpc.Compression.Gzip, timeout=CALL_TIMEOUT)
    assert len(response.payload.body) == 314159
    response = stub.UnaryCall(request(False), timeout=CALL_TIMEOUT)
    assert len(response.payload.body) == 314159


def test_server_compressed_unary(stub, stubs):
    _, messages, _ = stubs
    for compressed in (True, False):
        response = stub.UnaryCall(messages.SimpleRequest(
            response_compressed=messages.BoolValue(value=compressed), response_size=314159,
            payload=payload(messages, 271828)), timeout=CALL_TIMEOUT)
        assert len(response.payload.body) == 314159


def test_client_compressed_streaming(stub, stubs):
    _, messages, _ = stubs

    def requests():
        for size in (27182, 45904):
            yield messages.StreamingInputCallRequest(
                expect_compressed=messages.BoolValue(value=True), payload=payload(messages, size))

    # The probe: an uncompressed stream whose message claims to be compressed is refused.
    with pytest.raises(grpc.RpcError) as error:
        stub.StreamingInputCall(requests(), timeout=CALL_TIMEOUT)
    assert error.value.code() == grpc.StatusCode.INVALID_ARGUMENT

    # grpcio compresses every message of a call (it cannot leave one out, as the C++ client
    # does for the case's second message), so both claim compression here.
    response = stub.StreamingInputCall(requests(), compression=grpc.Compression.Gzip, timeout=CALL_TIMEOUT)
    assert response.aggregated_payload_size == 73086


def test_server_compressed_streaming(stub, stubs):
    _, messages, _ = stubs
    request = messages.StreamingOutputCallRequest(response_parameters=[
        messages.ResponseParameters(compressed=messages.BoolValue(value=True), size=31415),
        messages.ResponseParameters(compressed=messages.BoolValue(value=False), size=92653)])
    responses = list(stub.StreamingOutputCall(request, timeout=CALL_TIMEOUT))
    assert [len(r.payload.body) for r in responses] == [31415, 92653]
