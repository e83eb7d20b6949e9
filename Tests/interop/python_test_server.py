#!/usr/bin/env python3
"""A Python grpcio server for grpc.testing.TestService's EmptyCall and UnaryCall: the
reference point for the throughput figures of bench_unary.sh. Stops on SIGTERM or after
--lifetime seconds.

    python_test_server.py [--lifetime SECONDS]
"""
import argparse
import signal
import sys
import tempfile
import threading
from concurrent import futures

import grpc

import baton_interop_support as support


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lifetime", type=float, default=300)
    args = parser.parse_args()

    stubs_dir = tempfile.mkdtemp(prefix="baton-py-stubs-")
    empty_pb2, messages_pb2, test_pb2_grpc = support.generate_stubs(stubs_dir)

    class TestService(test_pb2_grpc.TestServiceServicer):
        def EmptyCall(self, request, context):
            return empty_pb2.Empty()

        def UnaryCall(self, request, context):
            return messages_pb2.SimpleResponse(payload=messages_pb2.Payload(body=b"\0" * request.response_size))

    server = grpc.server(futures.ThreadPoolExecutor(max_workers=16))
    test_pb2_grpc.add_TestServiceServicer_to_server(TestService(), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    print("listening on 127.0.0.1:%d" % port, flush=True)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    stop.wait(timeout=args.lifetime)
    server.stop(grace=2).wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
