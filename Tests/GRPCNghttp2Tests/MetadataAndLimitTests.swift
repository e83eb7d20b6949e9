import Foundation
import GRPCCore
import GRPCNghttp2
import InteropProto
import Testing

@Suite("Metadata, statuses and message limits")
struct MetadataAndLimitTests {
  @Test func customMetadataTravelsBothWaysIncludingBinary() async throws {
    let probe = ServiceProbe()
    try await withTestServer(services: [ScriptedTestService(probe: probe)]) { port, _, _ in
      try await withTestClient(port: port) { client, _ in
        var metadata: Metadata = ["x-echo-text": "héllo wörld"]
        metadata.addBinary([0, 1, 2, 0xFF, 0xFE], forKey: "x-echo-data-bin")
        let (initial, trailing) = try await client.unaryCall(
          request: ClientRequest(message: Grpc_Testing_SimpleRequest(), metadata: metadata)
        ) { response in (response.metadata, response.trailingMetadata) }
        #expect(initial[stringValues: "x-echo-text"].first(where: { _ in true }) == "héllo wörld")
        #expect(initial[binaryValues: "x-echo-data-bin"].first(where: { _ in true }) == [0, 1, 2, 0xFF, 0xFE])
        #expect(trailing[binaryValues: "x-echo-data-bin"].first(where: { _ in true }) == [0, 1, 2, 0xFF, 0xFE])
        #expect(probe.lastMetadata[binaryValues: "x-echo-data-bin"].first(where: { _ in true }) == [0, 1, 2, 0xFF, 0xFE])
      }
    }
  }

  @Test func errorStatusMessageAndDetailsArePreserved() async throws {
    try await withTestServer(services: [ScriptedTestService(probe: ServiceProbe())]) { port, _, _ in
      try await withTestClient(port: port) { client, _ in
        var request = Grpc_Testing_SimpleRequest()
        var status = Grpc_Testing_EchoStatus()
        status.code = 9
        status.message = "100% wrong:\t\nUnicode ☺ 😈"
        request.responseStatus = status
        var metadata: Metadata = [:]
        metadata.addBinary([8, 9, 0x12, 0x01, 0x78], forKey: "x-details-bin")
        let error = await #expect(throws: RPCError.self) {
          try await client.unaryCall(request: ClientRequest(message: request, metadata: metadata)) { try $0.message }
        }
        #expect(error?.code == .failedPrecondition)
        #expect(error?.message == "100% wrong:\t\nUnicode ☺ 😈")
        #expect(error?.metadata[binaryValues: "grpc-status-details-bin"].first(where: { _ in true }) == [8, 9, 0x12, 0x01, 0x78])
      }
    }
  }

  private static func request(payloadBytes: Int) -> ClientRequest<Grpc_Testing_SimpleRequest> {
    var request = Grpc_Testing_SimpleRequest()
    var payload = Grpc_Testing_Payload()
    payload.body = Data(count: payloadBytes)
    request.payload = payload
    return ClientRequest(message: request)
  }

  @Test func messageJustUnderTheLimitIsAccepted() async throws {
    try await withTestServer(services: [ScriptedTestService(probe: ServiceProbe())]) { port, _, _ in
      try await withTestClient(port: port) { client, _ in
        let size = 3_900 * 1024
        let response = try await client.unaryCall(request: Self.request(payloadBytes: size)) { try $0.message }
        #expect(response.username == "\(size)")
      }
    }
  }

  @Test func messageOverTheLimitIsResourceExhausted() async throws {
    let probe = ServiceProbe()
    try await withTestServer(services: [ScriptedTestService(probe: probe)]) { port, _, _ in
      try await withTestClient(port: port) { client, _ in
        let error = await #expect(throws: RPCError.self) {
          try await client.unaryCall(request: Self.request(payloadBytes: 4 * 1024 * 1024 + 1)) { try $0.message }
        }
        #expect(error?.code == .resourceExhausted)
        // The connection is still good for the next call.
        let response = try await client.unaryCall(request: Self.request(payloadBytes: 10)) { try $0.message }
        #expect(response.username == "10")
        #expect(probe.completed == 1)
      }
    }
  }

  @Test func responseOverTheSendLimitIsResourceExhausted() async throws {
    var config = Nghttp2ServerTransport.Config.defaults
    config.maxSendMessageBytes = 100_000
    try await withTestServer(config: config, services: [ScriptedTestService(probe: ServiceProbe())]) { port, _, _ in
      try await withTestClient(port: port) { client, _ in
        var request = Grpc_Testing_SimpleRequest()
        request.responseSize = 200_000
        let error = await #expect(throws: RPCError.self) {
          try await client.unaryCall(request: ClientRequest(message: request)) { try $0.message }
        }
        #expect(error?.code == .resourceExhausted)
        #expect(error?.message.contains("larger than the limit of 100000 bytes") == true)
        request.responseSize = 90_000
        let response = try await client.unaryCall(request: ClientRequest(message: request)) { try $0.message }
        #expect(response.payload?.body.count == 90_000)
      }
    }
  }

  @Test func unfinishedMessagesAreBoundedPerConnection() async throws {
    var config = Nghttp2ServerTransport.Config.defaults
    config.maxPartialMessageBytesPerConnection = 1024 * 1024
    try await withTestServer(config: config, services: [ScriptedTestService(probe: ServiceProbe())]) { port, _, _ in
      // Six streams each start a 1 MiB message (its buffer is reserved at once) and send 300 KiB
      // of it, never the rest.
      let connection = try RawHTTP2Connection(port: port, initialWindow: 1 << 22, connectionWindow: 1 << 24)
      let announced = [UInt8](RawHTTP2Connection.frame([UInt8](repeating: 0, count: 1024 * 1024)).prefix(5))
      let ids = (0..<6).map { _ in
        connection.sendRequest(
          path: "/grpc.testing.TestService/UnaryCall", body: announced + [UInt8](repeating: 0, count: 300 * 1024),
          endStream: false)
      }
      // One 1 MiB message fits in 1 MiB: the five others are refused.
      let deadline = ContinuousClock.now + .seconds(30)
      while ids.filter({ connection.responses[$0]?.status == "8" }).count < 5, ContinuousClock.now < deadline {
        await connection.pump(for: .milliseconds(50))
      }
      await connection.pump(for: .milliseconds(200))
      let refused = ids.filter { connection.responses[$0]?.status == "8" }
      #expect(refused.count == 5)
      #expect(connection.responses[refused[0]]?.headers["grpc-message"]?.contains("unfinished") == true)
      // The connection still serves calls.
      let id = connection.sendRequest(
        path: "/grpc.testing.TestService/EmptyCall", body: RawHTTP2Connection.frame([]), endStream: true)
      #expect(try await connection.waitForClose(of: id, timeout: .seconds(5)).status == "0")
    }
  }

  @Test func unfinishedMessagesAreBoundedAcrossConnections() async throws {
    var config = Nghttp2ServerTransport.Config.defaults
    config.maxPartialMessageBytes = 1024 * 1024 + 1024
    try await withTestServer(config: config, services: [ScriptedTestService(probe: ServiceProbe())]) {
      port, transport, _ in
      // Two connections each start a 1 MiB message: within each connection's limit, past the server's.
      let announced = [UInt8](RawHTTP2Connection.frame([UInt8](repeating: 0, count: 1024 * 1024)).prefix(5))
      let body = announced + [UInt8](repeating: 0, count: 300 * 1024)
      let path = "/grpc.testing.TestService/UnaryCall"
      let first = try RawHTTP2Connection(port: port, initialWindow: 1 << 22, connectionWindow: 1 << 24)
      let firstID = first.sendRequest(path: path, body: body, endStream: false)
      let deadline = ContinuousClock.now + .seconds(30)
      while transport.statistics.partialMessageBytes < 1024 * 1024, ContinuousClock.now < deadline {
        await first.pump(for: .milliseconds(50))
      }
      #expect(transport.statistics.partialMessageBytes == 1024 * 1024)

      let second = try RawHTTP2Connection(port: port, initialWindow: 1 << 22, connectionWindow: 1 << 24)
      let secondID = second.sendRequest(path: path, body: body, endStream: false)
      let refused = try await second.waitForClose(of: secondID, timeout: .seconds(30))
      #expect(refused.status == "8")
      #expect(refused.headers["grpc-message"]?.contains("The server holds more than") == true)

      // A stream that goes away gives its bytes back, and the server takes new calls.
      first.resetStream(firstID)
      await first.pump(for: .milliseconds(200))
      #expect(await eventually { transport.statistics.partialMessageBytes == 0 })
      let id = second.sendRequest(
        path: "/grpc.testing.TestService/EmptyCall", body: RawHTTP2Connection.frame([]), endStream: true)
      #expect(try await second.waitForClose(of: id, timeout: .seconds(5)).status == "0")
    }
  }

  @Test func gzipCompressedMessagesWorkBothWays() async throws {
    var config = Nghttp2ServerTransport.Config()
    config.compressResponses = true
    try await withTestServer(config: config, services: [ScriptedTestService(probe: ServiceProbe())]) { port, _, _ in
      try await withTestClient(port: port) { client, _ in
        var request = Grpc_Testing_SimpleRequest()
        request.responseSize = 200_000
        var payload = Grpc_Testing_Payload()
        payload.body = Data(count: 300_000)
        request.payload = payload
        let response = try await client.unaryCall(
          request: ClientRequest(message: request),
          options: .compression(.gzip)
        ) { try $0.message }
        #expect(response.username == "300000")
        #expect(response.payload?.body == Data(count: 200_000))
      }
    }
  }

  @Test func unknownEncodingIsUnimplemented() async throws {
    try await withTestServer(services: [ScriptedTestService(probe: ServiceProbe())]) { port, _, _ in
      let connection = try RawHTTP2Connection(port: port)
      let id = connection.sendRequest(
        path: "/grpc.testing.TestService/EmptyCall",
        extraHeaders: [("grpc-encoding", "snappy")],
        body: RawHTTP2Connection.frame([], compressed: true),
        endStream: true
      )
      let response = try await connection.waitForClose(of: id, timeout: .seconds(5))
      #expect(response.status == "12")
      #expect(response.headers["grpc-accept-encoding"]?.contains("gzip") == true)
    }
  }
}
