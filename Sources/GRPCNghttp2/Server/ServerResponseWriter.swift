import GRPCCore
import NIOCore

/// The writer GRPCCore uses for one RPC's responses.
///
/// Messages are framed (and compressed) on the handler's own thread, then wait for room in
/// the stream's ``OutboundBudget`` before they are posted to the connection's event loop:
/// a handler that writes faster than its client reads is suspended here.
struct ServerResponseWriter: ClosableRPCWriterProtocol {
  typealias Element = RPCResponsePart<[UInt8]>

  let streamID: Int32
  let connection: LoopMailbox<ServerConnectionHandler, ServerConnectionOperation>
  let budget: OutboundBudget
  let context: Nghttp2ServerContext
  let maxMessageBytes: Int

  func write(_ element: Element) async throws {
    switch element {
    case .metadata(let metadata):
      self.connection.post(.responseHeaders(self.streamID, metadata))

    case .message(let message):
      guard message.count <= self.maxMessageBytes else {
        throw RPCError(
          code: .resourceExhausted,
          message: "The response message of \(message.count) bytes is larger than the limit of "
            + "\(self.maxMessageBytes) bytes."
        )
      }
      let framed: ByteBuffer
      do {
        framed = try GRPCMessageFramer.frame(message, encoding: self.context.encodingForNextMessage)
      } catch {
        throw RPCError(code: .internalError, message: "Compressing the response failed: \(error)")
      }
      try await self.budget.reserve(framed.readableBytes)
      self.connection.post(.responseMessage(self.streamID, framed))

    case .status(let status, let metadata):
      self.connection.post(.responseStatus(self.streamID, status, metadata))
    }
  }

  func write(contentsOf elements: some Sequence<Element>) async throws {
    for element in elements {
      try await self.write(element)
    }
  }

  func finish() async {
    self.connection.post(.finishResponse(self.streamID, error: nil))
  }

  func finish(throwing error: any Error) async {
    self.connection.post(.finishResponse(self.streamID, error: String(describing: error)))
  }
}

/// What the tasks of a connection's calls ask of the connection, delivered on its event
/// loop through a ``LoopMailbox``.
enum ServerConnectionOperation: Sendable {
  case responseHeaders(Int32, Metadata)
  case responseMessage(Int32, ByteBuffer)
  case responseStatus(Int32, Status, Metadata)
  case finishResponse(Int32, error: String?)
  /// The handler drained its request buffer: credit the client again.
  case handlerWantsMore(Int32)
  /// A handler task returned.
  case handlerFinished
}

/// One accepted call, handed from a connection's event loop to the transport's task group.
struct AcceptedRPC: Sendable {
  var descriptor: MethodDescriptor
  var inbound: InboundBuffer<RPCRequestPart<[UInt8]>>
  var outbound: ServerResponseWriter
  var control: ServerRPCControl
  var context: Nghttp2ServerContext
  var remotePeer: String
  var localPeer: String
}
