import Foundation
import GRPCCore
import Testing

@testable import GRPCNghttp2

@Suite("gRPC wire pieces")
struct ProtocolPieceTests {
  @Test func deframerJoinsMessagesSplitAcrossEveryByteBoundary() throws {
    let wire: [UInt8] = [0, 0, 0, 0, 3, 1, 2, 3] + [0, 0, 0, 0, 0] + [1, 0, 0, 0, 2, 9, 9]
    var deframer = GRPCMessageDeframer(maxMessageBytes: 100)
    var messages: [GRPCMessageDeframer.Message] = []
    for byte in wire {
      try [byte].withUnsafeBytes { chunk in
        try deframer.append(chunk) { messages.append($0) }
      }
    }
    #expect(messages.map(\.bytes) == [[1, 2, 3], [], [9, 9]])
    #expect(messages.map(\.isCompressed) == [false, false, true])
    #expect(!deframer.hasPartialMessage)
  }

  @Test func deframerRejectsALengthOverTheLimitBeforeBufferingIt() {
    var deframer = GRPCMessageDeframer(maxMessageBytes: 10)
    #expect(throws: GRPCMessageDeframer.Failure.messageTooLarge(length: 11, limit: 10)) {
      try ([0, 0, 0, 0, 11] as [UInt8]).withUnsafeBytes { try deframer.append($0) { _ in } }
    }
  }

  @Test func deframerReportsAPartialMessage() throws {
    var deframer = GRPCMessageDeframer(maxMessageBytes: 10)
    try ([0, 0, 0, 0, 4, 1] as [UInt8]).withUnsafeBytes { try deframer.append($0) { _ in } }
    #expect(deframer.hasPartialMessage)
  }

  @Test func acceptEncodingListIgnoresSpacesCaseAndUnknownNames() {
    #expect(MessageEncoding.parseList("identity,deflate,gzip") == [.identity, .deflate, .gzip])
    #expect(MessageEncoding.parseList(" GZip ,\tbr, identity\t") == [.gzip, .identity])
    #expect(MessageEncoding.parseList("") == [])
    #expect(MessageEncoding.parseList(",, ,") == [])
    #expect(MessageEncoding(headerValue: "gzi") == nil)
    #expect(MessageEncoding(headerValue: "gzipp") == nil)
    #expect(MessageEncoding(headerValue: "DEFLATE") == .deflate)
    #expect(MessageEncoding(headerValue: "identit\u{59}") == .identity)
    #expect(MessageEncoding(headerValue: "gzip\u{00}") == nil)
  }

  @Test func pathNamesServiceAndMethodOrNothing() {
    let method = RequestHead.descriptor(path: "/baton.v1.TaskRuns/ReadTaskRun")
    #expect(method?.service.fullyQualifiedService == "baton.v1.TaskRuns")
    #expect(method?.method == "ReadTaskRun")
    for malformed in [
      "", "/", "//", "baton.v1.TaskRuns/ReadTaskRun", "/baton.v1.TaskRuns", "/baton.v1.TaskRuns/", "//ReadTaskRun",
      "/a/b/c",
    ] {
      #expect(RequestHead.descriptor(path: malformed) == nil, "\(malformed)")
    }
    #expect(RequestHead.descriptor(path: "/é/ü")?.method == "ü")
  }

  @Test func base64AcceptsPaddedAndUnpaddedAndSendsUnpadded() {
    #expect(Base64.encode([0xAB, 0xAB, 0xAB]) == "q6ur")
    #expect(Base64.encode([1, 2]) == "AQI")
    #expect(Base64.decode("AQI") == [1, 2])
    #expect(Base64.decode("AQI=") == [1, 2])
    #expect(Base64.decode("A") == nil)
    #expect(Base64.decode("A*==") == nil)
    let bytes = (0..<256).map { UInt8($0) }
    #expect(Base64.decode(Base64.encode(bytes)) == bytes)
  }

  @Test func longStatusMessagesAndMetadataAreCutToFitClientsHeaderLimits() throws {
    let long = String(repeating: "é", count: 70_000)
    let trailers = StatusHeaders.trailers(
      status: Status(code: .notFound, message: "Unknown service " + long),
      metadata: ["small": "kept", "grpc-status-details-bin": .binary(Array(repeating: 7, count: 70_000))])
    let fields = Dictionary(uniqueKeysWithValues: trailers.fields.map { ($0.name, $0.value) })
    #expect(fields["grpc-status"] == "5")
    let message = try #require(fields["grpc-message"])
    #expect(message.utf8.count <= StatusHeaders.maxEncodedMessageBytes)
    #expect(PercentEncoding.decode(message).hasPrefix("Unknown service éé"))
    #expect(PercentEncoding.decode(message).hasSuffix("é…"))
    #expect(fields["small"] == "kept")
    #expect(fields["grpc-status-details-bin"] == nil)
    #expect(trailers.listSize <= StatusHeaders.maxTrailerListSize)
    // Short ones are untouched.
    #expect(StatusHeaders.encodedMessage("Task not found") == "Task not found")
  }

  @Test func percentEncodingRoundTripsUnicodeAndControlCharacters() {
    let message = "\t\ntest with whitespace\r\nand Unicode BMP ☺ and non-BMP 😈\t\n 100%"
    let encoded = PercentEncoding.encode(message)
    #expect(encoded.utf8.allSatisfy { $0 >= 0x20 && $0 <= 0x7E })
    #expect(PercentEncoding.decode(encoded) == message)
    #expect(PercentEncoding.decode("50%") == "50%")
  }

  @Test func grpcTimeoutParsesEveryUnitAndFormatsWithinEightDigits() {
    #expect(GRPCTimeout.parse("1H") == .seconds(3600))
    #expect(GRPCTimeout.parse("2M") == .seconds(120))
    #expect(GRPCTimeout.parse("3S") == .seconds(3))
    #expect(GRPCTimeout.parse("150m") == .milliseconds(150))
    #expect(GRPCTimeout.parse("7u") == .microseconds(7))
    #expect(GRPCTimeout.parse("9n") == .nanoseconds(9))
    #expect(GRPCTimeout.parse("123456789S") == nil)
    #expect(GRPCTimeout.parse("10x") == nil)
    #expect(GRPCTimeout.format(.milliseconds(1)) == "1000000n")
    #expect(GRPCTimeout.format(.seconds(200)) == "200000m")
    #expect(GRPCTimeout.parse(GRPCTimeout.format(.seconds(86_400)))! >= .seconds(86_400))
    #expect(GRPCTimeout.format(.seconds(-5)) == "0n")
    // Past 64 bits of nanoseconds (about 292 years), the longest header there is.
    #expect(GRPCTimeout.format(.seconds(Int64.max)) == "99999999H")
    #expect(GRPCTimeout.format(.seconds(9_000_000_000)) == "2500000H")
  }

  @Test func zlibRoundTripsBothFormatsAndStopsAtTheLimit() throws {
    let message = [UInt8](repeating: 7, count: 100_000)
    for encoding in [MessageEncoding.gzip, .deflate] {
      let compressed = try Zlib.compress(message, encoding: encoding)
      #expect(compressed.count < 1_000)
      #expect(try Zlib.decompress(compressed, encoding: encoding, limit: 100_000) == message)
      // A small input that inflates past the limit is refused.
      #expect(throws: Zlib.Failure.self) { try Zlib.decompress(compressed, encoding: encoding, limit: 50_000) }
    }
    #expect(throws: Zlib.Failure.self) { try Zlib.decompress([1, 2, 3, 4], encoding: .gzip, limit: 100) }
  }

  @Test func serverStreamStateMachineSendsTrailersOnlyWhenNothingWasSent() {
    var machine = ServerStreamStateMachine()
    machine.requestHeadersReceived(endStream: false)
    #expect(machine.sendStatus() == .trailersOnly)
    #expect(machine.sendStatus() == .drop)
    #expect(machine.closed() == .none)
  }

  @Test func serverStreamStateMachineQueuesTrailersBehindMessages() {
    var machine = ServerStreamStateMachine()
    machine.requestHeadersReceived(endStream: true)
    #expect(machine.sendMessage() == .sendHeadersThenQueue)
    #expect(machine.sendMessage() == .queue)
    #expect(machine.sendStatus() == .queueTrailers)
    #expect(machine.sendMessage() == .drop)
    machine.trailersSubmitted()
    #expect(machine.responseIsFinished)
  }

  @Test func serverStreamClosedBeforeItsStatusCancelsTheCall() {
    var machine = ServerStreamStateMachine()
    machine.requestHeadersReceived(endStream: false)
    let sentHeaders = machine.sendHeaders()
    #expect(sentHeaders)
    #expect(machine.closed() == .cancelRPC)
  }

  @Test func clientStreamStateMachineDeliversOneStatus() {
    var machine = ClientStreamStateMachine()
    machine.opened()
    #expect(machine.receivedHeaders(endStream: false) == .deliverMetadata)
    let ended = machine.endRequest()
    #expect(ended)
    #expect(machine.receivedHeaders(endStream: true) == .deliverStatus)
    let finishedAgain = machine.finishResponse()
    #expect(!finishedAgain)
    let needsStatus = machine.closed()
    #expect(!needsStatus)
  }

  @Test func connectionStateMachineDrainsThenCloses() {
    var machine = ServerConnectionStateMachine()
    #expect(machine.acceptsNewStreams)
    #expect(machine.beginGracefulShutdown() == .sendNoticeAndPing)
    #expect(!machine.acceptsNewStreams)
    #expect(!machine.shouldClose(openStreams: 0))
    let first = machine.shutdownPingAcknowledged()
    let second = machine.shutdownPingAcknowledged()
    #expect(first)
    #expect(!second)
    #expect(!machine.shouldClose(openStreams: 1))
    #expect(machine.shouldClose(openStreams: 0))
  }
}
