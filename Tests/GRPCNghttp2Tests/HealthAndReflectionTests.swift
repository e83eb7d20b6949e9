import BatonProto
import BatonServer
import Foundation
import GRPCCore
import GRPCNghttp2
import Testing

@Suite("Health and reflection services")
struct HealthAndReflectionTests {
  @Test func healthCheckAndWatchFollowStatusChanges() async throws {
    let health = HealthService()
    health.setStatus(.notServing, forService: "svc")
    try await withTestServer(services: [health]) { port, _, _ in
      let transport = Nghttp2ClientTransport(host: "127.0.0.1", port: port)
      try await withGRPCClient(transport: transport) { grpc in
        let client = Grpc_Health_V1_Health.Client(wrapping: grpc)
        var request = Grpc_Health_V1_HealthCheckRequest()
        request.service = "svc"
        #expect(try await client.check(request).status == .notServing)

        var unknown = Grpc_Health_V1_HealthCheckRequest()
        unknown.service = "nope"
        let error = await #expect(throws: RPCError.self) { try await client.check(unknown) }
        #expect(error?.code == .notFound)

        let seen = try await client.watch(request: ClientRequest(message: request)) { response in
          var seen: [Grpc_Health_V1_HealthCheckResponse.ServingStatus] = []
          for try await message in response.messages {
            seen.append(message.status)
            if seen.count == 1 { health.setStatus(.serving, forService: "svc") }
            if seen.count == 2 { health.enterShutdown() }
          }
          return seen
        }
        // Shutdown sends NOT_SERVING and then ends the watch; one started later ends at once.
        #expect(seen == [.notServing, .serving, .notServing])
        let late = try await client.watch(request: ClientRequest(message: request)) { response in
          try await response.messages.reduce(into: []) { $0.append($1.status) }
        }
        #expect(late == [.notServing])
      }
    }
  }

  @Test func reflectionListsServicesAndReturnsFilesWithDependencies() async throws {
    let reflection = try ReflectionService(descriptorSets: [BatonDescriptorSet.bytes], serviceNames: ["grpc.health.v1.Health"])
    try await withTestServer(services: reflection.services) { port, _, _ in
      let transport = Nghttp2ClientTransport(host: "127.0.0.1", port: port)
      try await withGRPCClient(transport: transport) { grpc in
        let client = Grpc_Reflection_V1alpha_ServerReflection.Client(wrapping: grpc)
        let requests: [Grpc_Reflection_V1alpha_ServerReflectionRequest.OneOf_MessageRequest] = [
          .listServices(""),
          .fileContainingSymbol("grpc.health.v1.Health.Check"),
          .fileByFilename("no/such.proto"),
        ]
        let responses = try await client.serverReflectionInfo(
          request: StreamingClientRequest { writer in
            for request in requests {
              var message = Grpc_Reflection_V1alpha_ServerReflectionRequest()
              message.messageRequest = request
              try await writer.write(message)
            }
          }
        ) { response in
          var all: [Grpc_Reflection_V1alpha_ServerReflectionResponse] = []
          for try await message in response.messages { all.append(message) }
          return all
        }
        #expect(responses.count == 3)
        guard case .listServicesResponse(let list)? = responses.first?.messageResponse else {
          Issue.record("expected a service list")
          return
        }
        #expect(list.service.map(\.name) == [
          "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection",
        ])
        guard case .fileDescriptorResponse(let files)? = responses[1].messageResponse else {
          Issue.record("expected files")
          return
        }
        // The requested file comes first: its name is field 1 of the FileDescriptorProto.
        let first = [UInt8](files.fileDescriptorProto[0])
        #expect(String(decoding: first[2..<(2 + Int(first[1]))], as: UTF8.self) == "grpc/health/v1/health.proto")
        guard case .errorResponse(let error)? = responses[2].messageResponse else {
          Issue.record("expected an error response")
          return
        }
        #expect(error.errorCode == 5)

        // grpc.reflection.v1 answers the same way.
        let v1 = Grpc_Reflection_V1_ServerReflection.Client(wrapping: grpc)
        let names = try await v1.serverReflectionInfo(
          request: StreamingClientRequest { writer in
            var message = Grpc_Reflection_V1_ServerReflectionRequest()
            message.messageRequest = .listServices("")
            try await writer.write(message)
          }
        ) { response in
          var names: [String] = []
          for try await message in response.messages {
            if case .listServicesResponse(let list)? = message.messageResponse { names += list.service.map(\.name) }
          }
          return names
        }
        #expect(names.contains("grpc.reflection.v1.ServerReflection"))
      }
    }
  }
}
