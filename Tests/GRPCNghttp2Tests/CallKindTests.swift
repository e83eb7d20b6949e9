import BatonProto
import Foundation
import GRPCCore
import GRPCNghttp2
import InteropProto
import Testing

@Suite("Call kinds over loopback")
struct CallKindTests {
  @Test func unaryCallReturnsTheResponse() async throws {
    let probe = ServiceProbe()
    try await withTestServer(services: [ScriptedTestService(probe: probe)]) { port, _, _ in
      try await withTestClient(port: port) { client, _ in
        var request = Grpc_Testing_SimpleRequest()
        request.responseSize = 10
        let response = try await client.unaryCall(request: ClientRequest(message: request)) { try $0.message }
        #expect(response.payload?.body.count == 10)
      }
    }
  }

  @Test func serverStreamingDeliversEveryMessageInOrder() async throws {
    let probe = ServiceProbe()
    try await withTestServer(services: [ScriptedTestService(probe: probe)]) { port, _, _ in
      try await withTestClient(port: port) { client, _ in
        var request = Grpc_Testing_StreamingOutputCallRequest()
        let sizes = [31415, 9, 2653, 58979, 0, 100_000]
        request.responseParameters = sizes.map { size in
          var parameters = Grpc_Testing_ResponseParameters()
          parameters.size = Int32(size)
          return parameters
        }
        let received = try await client.streamingOutputCall(request: ClientRequest(message: request)) { response in
          var sizes: [Int] = []
          for try await message in response.messages { sizes.append(message.payload?.body.count ?? 0) }
          return sizes
        }
        #expect(received == sizes)
      }
    }
  }

  @Test func clientStreamingAggregatesEveryMessage() async throws {
    let probe = ServiceProbe()
    try await withTestServer(services: [ScriptedTestService(probe: probe)]) { port, _, _ in
      try await withTestClient(port: port) { client, _ in
        let request = StreamingClientRequest<Grpc_Testing_StreamingInputCallRequest> { writer in
          for size in [27182, 8, 1828, 45904] {
            var message = Grpc_Testing_StreamingInputCallRequest()
            var payload = Grpc_Testing_Payload()
            payload.body = Data(count: size)
            message.payload = payload
            try await writer.write(message)
          }
        }
        let response = try await client.streamingInputCall(request: request) { try $0.message }
        #expect(response.aggregatedPayloadSize == 74922)
      }
    }
  }

  @Test func bidirectionalStreamingPingPongs() async throws {
    let probe = ServiceProbe()
    try await withTestServer(services: [ScriptedTestService(probe: probe)]) { port, _, _ in
      try await withTestClient(port: port) { client, _ in
        let (requests, continuation) = AsyncStream.makeStream(of: Int.self)
        let request = StreamingClientRequest<Grpc_Testing_StreamingOutputCallRequest> { writer in
          for await size in requests {
            var message = Grpc_Testing_StreamingOutputCallRequest()
            var parameters = Grpc_Testing_ResponseParameters()
            parameters.size = Int32(size)
            message.responseParameters = [parameters]
            try await writer.write(message)
          }
        }
        let sizes = [31415, 9, 2653, 58979]
        let received = try await client.fullDuplexCall(request: request) { response in
          var received: [Int] = []
          var iterator = response.messages.makeAsyncIterator()
          for size in sizes {
            // Each request is sent only after the previous response arrived.
            continuation.yield(size)
            guard let message = try await iterator.next() else { break }
            received.append(message.payload?.body.count ?? 0)
          }
          continuation.finish()
          while try await iterator.next() != nil {}
          return received
        }
        #expect(received == sizes)
      }
    }
  }

  @Test func emptyStreamsInBothDirectionsSucceed() async throws {
    let probe = ServiceProbe()
    try await withTestServer(services: [ScriptedTestService(probe: probe)]) { port, _, _ in
      try await withTestClient(port: port) { client, _ in
        let request = StreamingClientRequest<Grpc_Testing_StreamingOutputCallRequest> { _ in }
        let count = try await client.fullDuplexCall(request: request) { response in
          var count = 0
          for try await _ in response.messages { count += 1 }
          return count
        }
        #expect(count == 0)
      }
    }
  }

  @Test func unknownMethodIsUnimplemented() async throws {
    try await withTestServer(services: [ScriptedTestService(probe: ServiceProbe())]) { port, _, _ in
      try await withTestClient(port: port) { _, grpc in
        let unknown = MethodDescriptor(fullyQualifiedService: "grpc.testing.TestService", method: "NoSuchMethod")
        let error = await #expect(throws: RPCError.self) {
          try await grpc.unary(
            request: ClientRequest(message: Grpc_Testing_Empty()),
            descriptor: unknown,
            serializer: WireSerializer<Grpc_Testing_Empty>(),
            deserializer: WireDeserializer<Grpc_Testing_Empty>(),
            options: .defaults
          ) { try $0.message }
        }
        #expect(error?.code == .unimplemented)
      }
    }
  }
}
