import Foundation
import GRPCCore
import GRPCNghttp2
import InteropProto
import Testing

@Suite("Load and backpressure")
struct LoadAndBackpressureTests {
  @Test func thousandConcurrentStreamsOverTenConnections() async throws {
    let probe = ServiceProbe()
    try await withTestServer(services: [ScriptedTestService(probe: probe)]) { port, transport, _ in
      let total = try await withThrowingTaskGroup(of: Int.self) { connections in
        for _ in 0..<10 {
          connections.addTask {
            try await withTestClient(port: port) { client, _ in
              // 100 streams per connection, all open at once: each waits for the others
              // via a short server-side interval so they overlap.
              try await withThrowingTaskGroup(of: Int.self) { calls in
                for index in 0..<100 {
                  calls.addTask {
                    var request = Grpc_Testing_StreamingOutputCallRequest()
                    var parameters = Grpc_Testing_ResponseParameters()
                    parameters.size = Int32(index)
                    parameters.intervalUs = 200_000
                    request.responseParameters = [parameters]
                    return try await client.streamingOutputCall(request: ClientRequest(message: request)) { response in
                      var count = 0
                      for try await message in response.messages where message.payload?.body.count == index { count += 1 }
                      return count
                    }
                  }
                }
                return try await calls.reduce(0, +)
              }
            }
          }
        }
        return try await connections.reduce(0, +)
      }
      #expect(total == 1000)
      #expect(probe.completed == 1000)
      #expect(transport.statistics.streams == 1000)
    }
  }

  @Test func streamsBeyondMaxConcurrentStreamsWaitInTheClient() async throws {
    let probe = ServiceProbe()
    try await withTestServer(services: [ScriptedTestService(probe: probe)]) { port, _, _ in
      try await withTestClient(port: port) { client, _ in
        let calls = (0..<150).map { _ in
          Task {
            try await client.unaryCall(
              request: ClientRequest(message: Grpc_Testing_SimpleRequest(), metadata: ["x-mode": "hang"])
            ) { try $0.message }
          }
        }
        // SETTINGS_MAX_CONCURRENT_STREAMS is 100: nghttp2 holds the other 50 requests back.
        #expect(await eventually { probe.started == 100 })
        try await Task.sleep(for: .milliseconds(300))
        #expect(probe.started == 100)
        for call in calls { call.cancel() }
        for call in calls { _ = await call.result }
        #expect(await eventually { probe.cancelled == probe.started })
      }
    }
  }

  @Test func serverStreamToAClientThatStopsReadingStaysBounded() async throws {
    let probe = ServiceProbe()
    try await withTestServer(services: [ScriptedTestService(probe: probe)]) { port, transport, _ in
      try await withTestClient(port: port) { client, _ in
        let request = ClientRequest(message: Grpc_Testing_StreamingOutputCallRequest(), metadata: ["x-mode": "flood"])
        try await client.streamingOutputCall(request: request) { response in
          var iterator = response.messages.makeAsyncIterator()
          _ = try await iterator.next()
          // Stop reading: the handler would write 2,000 x 64 KiB = 125 MiB. Once every buffer is
          // full it blocks, which shows as half a second without a write (a busy machine may
          // take a few seconds to get there).
          var written = probe.messagesWritten
          var stalled = false
          for _ in 0..<20 where !stalled {
            try await Task.sleep(for: .milliseconds(500))
            let now = probe.messagesWritten
            stalled = now == written
            written = now
          }
          #expect(stalled, "the handler is blocked while nobody reads")
          // Client window (1 MiB) + client buffer (256 KiB) + server budget (256 KiB) + 1 message.
          #expect(written * 64 * 1024 < 3 * 1024 * 1024)
          #expect(transport.statistics.peakBufferedResponseBytes <= 256 * 1024 + 64 * 1024 + 5)
          print("slow reader: handler wrote \(written) messages (\(written * 64) KiB) of 2000; peak buffered in server \(transport.statistics.peakBufferedResponseBytes) bytes")
        }
        #expect(await eventually { probe.cancelled == 1 })
      }
    }
  }

  @Test func connectionWhoseSocketIsNotReadStaysBounded() async throws {
    let probe = ServiceProbe()
    try await withTestServer(services: [ScriptedTestService(probe: probe)]) { port, transport, _ in
      // HTTP/2 flow control would let the server send 1 GiB; only the unread socket stops it.
      let connection = try RawHTTP2Connection(port: port, initialWindow: 1 << 30, connectionWindow: 1 << 30)
      connection.readsPaused = true
      connection.sendRequest(
        path: "/grpc.testing.TestService/StreamingOutputCall",
        extraHeaders: [("x-mode", "flood")],
        body: RawHTTP2Connection.frame([]),
        endStream: true
      )
      // Wait until the handler stops: once the kernel's socket buffers are full, the channel
      // is unwritable, nghttp2 is not drained, and the stream's budget blocks the handler.
      var written = -1
      for _ in 0..<20 where probe.messagesWritten != written {
        written = probe.messagesWritten
        await connection.pump(for: .milliseconds(500))
      }
      #expect(probe.messagesWritten == written)
      #expect(written * 64 * 1024 < 32 * 1024 * 1024)
      #expect(transport.statistics.bufferedResponseBytes <= 256 * 1024 + 64 * 1024 + 5)
      print("unread socket: handler wrote \(written) messages (\(written * 64) KiB, mostly in kernel socket buffers); buffered in server \(transport.statistics.bufferedResponseBytes) bytes")
    }
  }

  @Test func unreadResponsesAreBoundedPerConnection() async throws {
    var config = Nghttp2ServerTransport.Config.defaults
    config.maxQueuedResponseBytesPerConnection = 512 * 1024
    let probe = ServiceProbe()
    try await withTestServer(config: config, services: [ScriptedTestService(probe: probe)]) { port, _, _ in
      // Six calls each answered with 200 KB, to a client whose windows let only 64 KiB through.
      let connection = try RawHTTP2Connection(port: port)
      var request = Grpc_Testing_SimpleRequest()
      request.responseSize = 200_000
      connection.readsPaused = true
      let ids = (0..<6).map { _ in
        connection.sendRequest(
          path: "/grpc.testing.TestService/UnaryCall", body: RawHTTP2Connection.frame(request.serializedBytes()),
          endStream: true)
      }
      // Every handler has answered (and its response is queued a moment later) before reading.
      #expect(await eventually(within: .seconds(30)) { probe.completed == ids.count })
      await connection.pump(for: .milliseconds(500))
      connection.readsPaused = false
      for id in ids { _ = try await connection.waitForClose(of: id, timeout: .seconds(30)) }
      let reset = ids.filter { connection.responses[$0]?.resetCode == 11 }  // ENHANCE_YOUR_CALM
      let answered = ids.filter { connection.responses[$0]?.status == "0" }
      #expect(reset.count >= 3)
      #expect(answered.count >= 2)
      #expect(reset.count + answered.count == ids.count)
    }
  }

  @Test func unreadResponsesAreBoundedAcrossConnections() async throws {
    var config = Nghttp2ServerTransport.Config.defaults
    config.maxQueuedResponseBytes = 512 * 1024
    let probe = ServiceProbe()
    try await withTestServer(config: config, services: [ScriptedTestService(probe: probe)]) { port, transport, _ in
      // Two connections, each with two calls answered with 200 KB and windows that let only
      // 64 KiB through: each connection queues less than 512 KiB, the two together more.
      let connections = [try RawHTTP2Connection(port: port), try RawHTTP2Connection(port: port)]
      var request = Grpc_Testing_SimpleRequest()
      request.responseSize = 200_000
      let calls = connections.flatMap { connection in
        connection.readsPaused = true
        return (0..<2).map { _ in
          (
            connection,
            connection.sendRequest(
              path: "/grpc.testing.TestService/UnaryCall", body: RawHTTP2Connection.frame(request.serializedBytes()),
              endStream: true)
          )
        }
      }
      #expect(await eventually(within: .seconds(30)) { probe.completed == calls.count })
      for connection in connections { await connection.pump(for: .milliseconds(250)) }
      for connection in connections { connection.readsPaused = false }
      var reset = 0
      var answered = 0
      for (connection, id) in calls {
        let response = try await connection.waitForClose(of: id, timeout: .seconds(30))
        if response.resetCode == 11 { reset += 1 }  // ENHANCE_YOUR_CALM
        if response.status == "0" { answered += 1 }
      }
      #expect(reset >= 1)
      #expect(reset + answered == calls.count)
      #expect(await eventually { transport.statistics.queuedResponseBytes == 0 })
    }
  }

  @Test func connectionsPastTheLimitAreClosedAtOnce() async throws {
    var config = Nghttp2ServerTransport.Config.defaults
    config.maxConnections = 2
    try await withTestServer(config: config, services: [ScriptedTestService(probe: ServiceProbe())]) {
      port, transport, _ in
      var open = [try RawHTTP2Connection(port: port), try RawHTTP2Connection(port: port)]
      #expect(await eventually { transport.statistics.connections == 2 })
      let refused = try RawSocket(port: port)
      #expect(await refused.waitForClose(timeout: .seconds(10)))
      for connection in open {
        let id = connection.sendRequest(
          path: "/grpc.testing.TestService/EmptyCall", body: RawHTTP2Connection.frame([]), endStream: true)
        #expect(try await connection.waitForClose(of: id, timeout: .seconds(10)).status == "0")
      }
      // A place freed is a place taken again.
      open.removeLast()
      #expect(await eventually { transport.statistics.connections == 1 })
      let next = try RawHTTP2Connection(port: port)
      let id = next.sendRequest(
        path: "/grpc.testing.TestService/EmptyCall", body: RawHTTP2Connection.frame([]), endStream: true)
      #expect(try await next.waitForClose(of: id, timeout: .seconds(10)).status == "0")
    }
  }
}
