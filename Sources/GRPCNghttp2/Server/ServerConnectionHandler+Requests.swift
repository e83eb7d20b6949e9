import CNghttp2
import GRPCCore
import NIOCore

// How a server connection turns request HEADERS and DATA into calls: validation, refusal
// (Trailers-Only), deframing, decompression, flow control and deadlines.
extension ServerConnectionHandler {
  func session(beginHeaders frame: UnsafePointer<nghttp2_frame>) {
    guard frame.pointee.headers.cat == NGHTTP2_HCAT_REQUEST else { return }
    let id = frame.pointee.hd.stream_id
    self.streams[id] = ServerStream(
      id: id,
      maxHeaderListBytes: self.config.maxHeaderListBytes,
      maxMessageBytes: self.config.maxReceiveMessageBytes,
      statistics: self.shared.statistics
    )
  }

  func session(header name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer, frame: UnsafePointer<nghttp2_frame>) {
    guard frame.pointee.headers.cat == NGHTTP2_HCAT_REQUEST,
      let stream = self.streams[frame.pointee.hd.stream_id]
    else { return }
    stream.head.add(name: String(decoding: name, as: UTF8.self), value: String(decoding: value, as: UTF8.self))
  }

  func session(frameReceived frame: UnsafePointer<nghttp2_frame>) {
    // nghttp2 has checked the preface and that the first frame is SETTINGS.
    self.handshakeTimeout?.cancel()
    self.handshakeTimeout = nil
    let header = frame.pointee.hd
    let endStream = header.flags & UInt8(NGHTTP2_FLAG_END_STREAM.rawValue) != 0
    switch UInt32(header.type) {
    case NGHTTP2_HEADERS.rawValue:
      guard let stream = self.streams[header.stream_id] else { return }
      if frame.pointee.headers.cat == NGHTTP2_HCAT_REQUEST {
        self.accept(stream, endStream: endStream)
      } else if endStream {
        self.requestEnded(stream)
      }
    case NGHTTP2_DATA.rawValue:
      if endStream, let stream = self.streams[header.stream_id] {
        self.requestEnded(stream)
      }
    case NGHTTP2_PING.rawValue:
      self.pingReceived(frame.pointee.ping, isAck: header.flags & UInt8(NGHTTP2_FLAG_ACK.rawValue) != 0)
    case NGHTTP2_RST_STREAM.rawValue:
      if !self.resetRateLimit.resetReceived(at: .now()) {
        self.closeCalmly(debugData: "too_many_resets")
      }
    default:
      break
    }
  }

  func pingReceived(_ ping: nghttp2_ping, isAck: Bool) {
    var opaque: UInt64 = 0
    withUnsafeBytes(of: ping.opaque_data) { bytes in
      opaque = bytes.loadUnaligned(as: UInt64.self).bigEndian
    }
    if isAck {
      if opaque == Self.keepalivePing {
        self.keepaliveTimeout?.cancel()
        self.keepaliveTimeout = nil
      } else if opaque == Self.shutdownPing {
        self.sendFinalGoaway()
      }
    } else if !self.pingPolicy.pingReceived(at: .now()) {
      self.closeCalmly(debugData: "too_many_pings")
    }
  }

  /// Ends a connection whose client floods it: GOAWAY(ENHANCE_YOUR_CALM), then close; once
  /// is enough, however many more frames of the flood arrive.
  private func closeCalmly(debugData: String) {
    guard !self.closeRequested else { return }
    self.session?.submitGoaway(
      lastStreamID: self.session?.lastProcessedStreamID ?? 0, errorCode: .enhanceYourCalm, debugData: debugData)
    self.closeAfterWrites()
  }

  /// The request HEADERS are complete: refuse the call, or hand it to a handler.
  func accept(_ stream: ServerStream, endStream: Bool) {
    guard let session = self.session, let context = self.context else { return }
    stream.stateMachine.requestHeadersReceived(endStream: endStream)
    let head = stream.head

    if !self.connectionState.acceptsNewStreams {
      return self.reject(stream, Status(code: .unavailable, message: "The server is shutting down."))
    }
    if head.exceededLimit {
      return self.reject(
        stream,
        Status(
          code: .resourceExhausted,
          message: "The request headers exceed the limit of \(self.config.maxHeaderListBytes) bytes."
        )
      )
    }
    if self.runningHandlers >= self.config.maxConcurrentStreams + self.config.maxAbandonedHandlers {
      // Handlers of reset streams are still running: refuse more work from this client.
      session.resetStream(stream.id, errorCode: .refusedStream)
      return
    }
    guard head.method == "POST" else {
      return self.reject(
        stream,
        Status(code: .unimplemented, message: "gRPC requires POST, not \(head.method ?? "no method")."),
        httpStatus: "405"
      )
    }
    guard let contentType = head.contentType, ContentType.isGRPC(contentType) else {
      return self.reject(
        stream,
        Status(
          code: .unknown,
          message: "Unsupported content-type '\(head.contentType ?? "")'; gRPC uses application/grpc."
        ),
        httpStatus: "415"
      )
    }
    guard let path = head.path, let parsed = RequestHead.descriptor(path: path) else {
      return self.reject(stream, Status(code: .unimplemented, message: "Malformed :path '\(head.path ?? "")'."))
    }
    let descriptor = self.shared.methods[path] ?? parsed
    let supported = MessageEncoding.encodings(in: self.config.compression)
    if let encodingName = head.encoding {
      guard let encoding = MessageEncoding(headerValue: encodingName), supported.contains(encoding) else {
        return self.reject(
          stream,
          Status(
            code: .unimplemented,
            message: "Message encoding '\(encodingName)' is not supported; supported: \(MessageEncoding.headerValue(supported))."
          )
        )
      }
      stream.requestEncoding = encoding
    }
    var timeout: Duration?
    if let value = head.timeout {
      guard let parsedTimeout = GRPCTimeout.parse(value) else {
        return self.reject(stream, Status(code: .invalidArgument, message: "Malformed grpc-timeout '\(value)'."))
      }
      timeout = parsedTimeout
    }

    // The response encoding: the first one the client accepts that the server supports.
    let accepted = head.acceptEncoding.map(MessageEncoding.parseList) ?? []
    let responseEncoding = accepted.first { $0 != .identity && supported.contains($0) }

    let id = stream.id
    guard let mailbox = self.mailbox else { return }
    let inbound = InboundBuffer<RPCRequestPart<[UInt8]>>(
      highWatermark: self.config.streamBufferBytes,
      lowWatermark: self.config.streamBufferBytes / 2,
      onDemand: { mailbox.post(.handlerWantsMore(id)) }
    )
    let budget = OutboundBudget(
      highWatermark: self.config.streamBufferBytes,
      lowWatermark: self.config.streamBufferBytes / 2,
      statistics: self.shared.statistics
    )
    let serverContext = Nghttp2ServerContext(
      requestEncoding: stream.requestEncoding.rawValue,
      responseEncoding: responseEncoding,
      compressResponses: self.config.compressResponses
    )
    let control = ServerRPCControl(onHandlerFinished: { mailbox.post(.handlerFinished) })
    let rpc = AcceptedRPC(
      descriptor: descriptor,
      inbound: inbound,
      outbound: ServerResponseWriter(
        streamID: id, connection: mailbox, budget: budget, context: serverContext,
        maxMessageBytes: self.config.maxSendMessageBytes),
      control: control,
      context: serverContext,
      remotePeer: self.remotePeer,
      localPeer: self.localPeer
    )
    stream.rpc = rpc
    inbound.yield(.metadata(head.metadata), bytes: head.listSize)
    if endStream { inbound.finish() }
    if let timeout {
      stream.deadline = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(timeout)) {
        self.deadlineExceeded(streamID: id)
      }
    }
    self.runningHandlers += 1
    self.shared.statistics.streamAccepted()
    if !self.shared.dispatcher.start(rpc) {
      self.runningHandlers -= 1
      self.abort(stream, status: Status(code: .unavailable, message: "The server is shutting down."))
    }
  }

  /// Refuses a call before any handler runs, with a Trailers-Only response.
  func reject(_ stream: ServerStream, _ status: Status, httpStatus: String = "200") {
    guard let session = self.session, stream.stateMachine.sendStatus() == .trailersOnly else { return }
    var headers: HeaderList = [(":status", httpStatus), ("content-type", ContentType.grpc)]
    if status.code == .unimplemented {
      headers.add("grpc-accept-encoding", MessageEncoding.headerValue(MessageEncoding.encodings(in: self.config.compression)))
    }
    headers.add(contentsOf: StatusHeaders.trailers(status: status, metadata: [:]))
    session.submitResponse(streamID: stream.id, headers: headers, endStream: true)
    self.scheduleFlush()
  }

  func session(dataChunk bytes: UnsafeRawBufferPointer, streamID: Int32) {
    guard let session = self.session else { return }
    session.consumeConnection(bytes.count)
    guard let stream = self.streams[streamID], let rpc = stream.rpc, stream.stateMachine.requestIsOpen,
      !stream.stateMachine.responseIsFinished
    else {
      // Nobody will read these bytes: credit them back at once.
      session.consumeStream(streamID, bytes.count)
      return
    }
    do {
      try stream.receive(bytes) { message in
        try self.deliver(message, on: stream, rpc: rpc)
      }
    } catch let error as RPCError {
      self.abort(stream, status: Status(code: Status.Code(error.code), message: error.message))
    } catch let failure as GRPCMessageDeframer.Failure {
      switch failure {
      case .messageTooLarge(let length, let limit):
        self.abort(
          stream,
          status: Status(
            code: .resourceExhausted,
            message: "Received a message of \(length) bytes, more than the limit of \(limit) bytes."
          )
        )
      case .invalidFlag(let flag):
        self.abort(stream, status: Status(code: .internalError, message: "Invalid message flag \(flag)."))
      }
    } catch {
      self.abort(stream, status: Status(code: .internalError, message: "\(error)"))
    }
    if let status = self.heldBytesLimitStatus(stream, .unfinishedRequests) {
      self.abort(stream, status: status)
    }
    if stream.inboundPaused {
      stream.uncreditedBytes += bytes.count
    } else {
      session.consumeStream(streamID, bytes.count)
    }
  }

  func deliver(_ message: GRPCMessageDeframer.Message, on stream: ServerStream, rpc: AcceptedRPC) throws {
    var bytes = message.bytes
    if message.isCompressed {
      guard stream.requestEncoding != .identity else {
        throw RPCError(
          code: .internalError,
          message: "A message has the compressed flag but the request has no grpc-encoding."
        )
      }
      do {
        bytes = try Zlib.decompress(bytes, encoding: stream.requestEncoding, limit: self.config.maxReceiveMessageBytes)
      } catch Zlib.Failure.tooLarge(let limit) {
        throw RPCError(
          code: .resourceExhausted,
          message: "A decompressed message is larger than the limit of \(limit) bytes."
        )
      } catch {
        throw RPCError(code: .internalError, message: "Decompressing a message failed: \(error)")
      }
      rpc.context.recordCompressedMessage()
    }
    if !rpc.inbound.yield(.message(bytes), bytes: bytes.count) {
      stream.inboundPaused = true
    }
  }

  /// The handler drained its buffer: credit the client with what it was holding back.
  func handlerWantsMore(streamID: Int32) {
    guard let stream = self.streams[streamID], stream.inboundPaused else { return }
    stream.inboundPaused = false
    let credit = stream.uncreditedBytes
    stream.uncreditedBytes = 0
    self.session?.consumeStream(streamID, credit)
  }

  func requestEnded(_ stream: ServerStream) {
    guard stream.stateMachine.requestEnded(), let rpc = stream.rpc else { return }
    if stream.deframer.hasPartialMessage {
      self.abort(stream, status: Status(code: .internalError, message: "The request ended inside a message."))
    } else {
      rpc.inbound.finish()
    }
  }

  func deadlineExceeded(streamID: Int32) {
    guard let stream = self.streams[streamID] else { return }
    stream.deadline = nil
    self.abort(stream, status: Status(code: .deadlineExceeded, message: "Deadline exceeded."))
    self.flush()
  }

  /// Ends a call from the transport's side: the handler is cancelled and the client gets
  /// `status` (Trailers-Only if nothing was sent, else trailers after what is queued).
  func abort(_ stream: ServerStream, status: Status) {
    stream.discardPartialMessage()
    if let rpc = stream.rpc {
      let error = RPCError(code: RPCError.Code(status.code) ?? .unknown, message: status.message)
      rpc.inbound.fail(error)
      rpc.outbound.budget.fail(error)
      rpc.control.cancel()
    }
    switch stream.stateMachine.response {
    case .idle:
      self.reject(stream, status)
    case .streaming:
      self.writeResponseStatus(streamID: stream.id, status: status, metadata: [:])
    default:
      break
    }
  }
}
