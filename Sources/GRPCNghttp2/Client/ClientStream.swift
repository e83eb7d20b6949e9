import GRPCCore
import NIOCore

/// The caller's side of one client stream, shared between the caller's task and the
/// connection's event loop.
final class ClientStreamBridge: Sendable {
  let key: UInt64
  let descriptor: MethodDescriptor
  let inbound: InboundBuffer<RPCResponsePart<[UInt8]>>
  let budget: OutboundBudget
  let connection: LoopMailbox<ClientConnectionHandler, ClientConnectionOperation>
  let requestEncoding: MessageEncoding
  let maxResponseBytes: Int
  let timeout: Duration?

  init(
    key: UInt64,
    descriptor: MethodDescriptor,
    connection: LoopMailbox<ClientConnectionHandler, ClientConnectionOperation>,
    config: Nghttp2ClientTransport.Config,
    options: CallOptions,
    statistics: TransportStatistics
  ) {
    self.key = key
    self.descriptor = descriptor
    self.connection = connection
    self.inbound = InboundBuffer(
      highWatermark: config.streamBufferBytes,
      lowWatermark: config.streamBufferBytes / 2,
      onDemand: { connection.post(.callerWantsMore(key)) }
    )
    self.budget = OutboundBudget(
      highWatermark: config.streamBufferBytes,
      lowWatermark: config.streamBufferBytes / 2,
      statistics: statistics
    )
    self.requestEncoding = MessageEncoding(options.compression ?? config.defaultCompression) ?? .identity
    self.maxResponseBytes = options.maxResponseMessageBytes ?? config.maxReceiveMessageBytes
    self.timeout = options.timeout
  }

  /// Resets the stream unless it already completed.
  func cancel() {
    self.connection.post(.cancel(self.key))
  }
}

/// The writer GRPCCore uses for one call's requests: the metadata opens the HTTP/2 stream,
/// messages wait for room in the stream's budget, `finish()` ends the request.
struct ClientRequestWriter: ClosableRPCWriterProtocol {
  typealias Element = RPCRequestPart<[UInt8]>

  let bridge: ClientStreamBridge

  func write(_ element: Element) async throws {
    let bridge = self.bridge
    switch element {
    case .metadata(let metadata):
      bridge.connection.post(.open(bridge, metadata))
    case .message(let message):
      let framed: ByteBuffer
      do {
        framed = try GRPCMessageFramer.frame(message, encoding: bridge.requestEncoding)
      } catch {
        throw RPCError(code: .internalError, message: "Compressing the request failed: \(error)")
      }
      try await bridge.budget.reserve(framed.readableBytes)
      bridge.connection.post(.message(bridge.key, framed))
    }
  }

  func write(contentsOf elements: some Sequence<Element>) async throws {
    for element in elements {
      try await self.write(element)
    }
  }

  func finish() async {
    self.bridge.connection.post(.end(self.bridge.key))
  }

  func finish(throwing error: any Error) async {
    self.bridge.cancel()
  }
}

/// What callers ask of a client connection, delivered on its event loop through a
/// ``LoopMailbox``.
enum ClientConnectionOperation: Sendable {
  /// Open the stream with the call's metadata as request headers.
  case open(ClientStreamBridge, Metadata)
  case message(UInt64, ByteBuffer)
  /// The request is complete: END_STREAM after the queued messages.
  case end(UInt64)
  /// Reset the stream unless it already completed.
  case cancel(UInt64)
  /// The caller drained its response buffer: credit the server again.
  case callerWantsMore(UInt64)
}

/// One client stream on the connection's event loop.
final class ClientStream {
  let bridge: ClientStreamBridge
  var id: Int32 = -1
  var stateMachine = ClientStreamStateMachine()
  var head: ResponseHead
  var deframer: GRPCMessageDeframer
  var responseEncoding: MessageEncoding = .identity

  var outbound = OutboundQueue()
  var isDeferred = false

  var inboundPaused = false
  var uncreditedBytes = 0

  init(bridge: ClientStreamBridge, maxHeaderListBytes: Int) {
    self.bridge = bridge
    self.head = ResponseHead(limit: maxHeaderListBytes)
    self.deframer = GRPCMessageDeframer(maxMessageBytes: bridge.maxResponseBytes)
  }

  func readOutbound(into buffer: UnsafeMutableRawBufferPointer) -> Int {
    self.outbound.read(into: buffer)
  }


  /// Ends the response with `status`, unless a status was already delivered.
  func deliverStatus(_ status: Status, metadata: Metadata = [:]) {
    guard self.stateMachine.finishResponse() else { return }
    self.bridge.inbound.yield(.status(status, metadata), bytes: 0)
    self.bridge.inbound.finish()
  }
}
