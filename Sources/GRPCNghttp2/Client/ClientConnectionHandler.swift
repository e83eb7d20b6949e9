import CNghttp2
import GRPCCore
import NIOCore

/// The channel handler of one client connection: it owns the connection's nghttp2 session
/// and the streams of the calls that use it.
///
/// Everything here runs on the channel's event loop; callers reach it by posting
/// ``ClientConnectionOperation``s to the connection's ``LoopMailbox`` (through
/// ``ClientRequestWriter`` and ``ClientStreamBridge``).
final class ClientConnectionHandler: ChannelInboundHandler, Nghttp2SessionDelegate {
  typealias InboundIn = ByteBuffer
  typealias OutboundOut = ByteBuffer

  private let config: Nghttp2ClientTransport.Config
  private let authority: String
  /// Told (off the loop) when the connection stops taking new streams, and when it closes.
  private let onUnusable: @Sendable () -> Void
  private let onClosed: @Sendable () -> Void

  private var session: Nghttp2Session?
  private var context: ChannelHandlerContext?
  private var streamsByKey: [UInt64: ClientStream] = [:]
  private var streamsByID: [Int32: ClientStream] = [:]

  private var inNghttp2 = false
  private var flushScheduled = false
  private var processingOperations = false
  private var lastWrite: EventLoopFuture<Void>?
  private var closeRequested = false
  private var closeScheduled = false
  /// GOAWAY received, or the transport is shutting down: no new streams.
  private var draining = false
  private var closeWhenIdle = false
  private var reportedUnusable = false
  /// Closes the connection unless the server's first frame arrives in time; nil once it has.
  private var handshakeTimeout: Scheduled<Void>?
  /// What the calls still open are told when the connection closes.
  private var closedStatus = Status(code: .unavailable, message: "The connection to the server closed.")

  init(
    config: Nghttp2ClientTransport.Config,
    authority: String,
    onUnusable: @escaping @Sendable () -> Void,
    onClosed: @escaping @Sendable () -> Void
  ) {
    self.config = config
    self.authority = authority
    self.onUnusable = onUnusable
    self.onClosed = onClosed
  }

  // MARK: - Channel events

  func handlerAdded(context: ChannelHandlerContext) {
    self.context = context
    do {
      let session = try Nghttp2Session(role: .client, delegate: self, options: Nghttp2Session.Options())
      session.submitSettings([
        (NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, UInt32(self.config.initialStreamWindowBytes)),
        (NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, UInt32(self.config.maxHeaderListBytes)),
        (NGHTTP2_SETTINGS_ENABLE_PUSH, 0),
      ])
      session.setConnectionWindow(Int32.max / 2)
      self.session = session
    } catch {
      context.close(promise: nil)
    }
  }

  func channelActive(context: ChannelHandlerContext) {
    let timeout = self.config.connectTimeout
    self.handshakeTimeout = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(timeout)) {
      guard let context = self.context else { return }
      self.closedStatus = Status(
        code: .unavailable,
        message: "The server at \(self.authority) accepted the connection but sent no HTTP/2 frame within \(timeout)."
      )
      context.close(promise: nil)
    }
    self.flush()
    context.fireChannelActive()
  }

  func channelInactive(context: ChannelHandlerContext) {
    self.tearDown()
    context.fireChannelInactive()
  }

  func handlerRemoved(context: ChannelHandlerContext) {
    self.tearDown()
    self.context = nil
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    let buffer = self.unwrapInboundIn(data)
    guard let session = self.session else { return }
    self.inNghttp2 = true
    let result = buffer.withUnsafeReadableBytes { session.receive($0) }
    self.inNghttp2 = false
    if result < 0 {
      self.flush()
      self.closeAfterWrites()
    }
  }

  func channelReadComplete(context: ChannelHandlerContext) {
    self.flush()
    context.fireChannelReadComplete()
  }

  func channelWritabilityChanged(context: ChannelHandlerContext) {
    if context.channel.isWritable { self.flush() }
    context.fireChannelWritabilityChanged()
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    context.close(promise: nil)
  }

  private func tearDown() {
    self.handshakeTimeout?.cancel()
    self.handshakeTimeout = nil
    guard let session = self.session else { return }
    self.reportUnusable()
    let status = self.closedStatus
    for stream in self.streamsByKey.values {
      stream.deliverStatus(status)
      stream.bridge.budget.fail(RPCError(code: .unavailable, message: status.message))
    }
    self.streamsByKey = [:]
    self.streamsByID = [:]
    session.close()
    self.session = nil
    self.onClosed()
  }

  private func reportUnusable() {
    guard !self.reportedUnusable else { return }
    self.reportedUnusable = true
    self.onUnusable()
  }

  // MARK: - Writing

  func flush() {
    guard !self.inNghttp2, let session = self.session, let context = self.context else {
      if self.inNghttp2 { self.scheduleFlush() }
      return
    }
    self.inNghttp2 = true
    let outcome = session.writePendingFrames(to: context)
    self.inNghttp2 = false
    guard case .written(let lastWrite) = outcome else {
      context.close(promise: nil)
      return
    }
    if let lastWrite {
      self.lastWrite = lastWrite
      context.flush()
    }
    if self.closeRequested {
      self.closeWhenWritten()
      return
    }
    if !session.wantsRead && !session.wantsWrite {
      self.closeAfterWrites()
    } else if self.closeWhenIdle, self.streamsByKey.isEmpty {
      self.closeAfterWrites()
    }
  }

  private func scheduleFlush() {
    guard !self.flushScheduled, !self.processingOperations, let context = self.context else { return }
    self.flushScheduled = true
    context.eventLoop.assumeIsolated().execute {
      self.flushScheduled = false
      self.flush()
    }
  }

  private func closeAfterWrites() {
    // Frames nghttp2 still holds (a GOAWAY submitted from a callback, say) go out first:
    // the close is attached to the write of the final flush.
    guard !self.closeRequested else { return }
    self.closeRequested = true
    if self.inNghttp2 {
      self.scheduleFlush()
    } else {
      self.flush()
    }
  }

  /// Closes the channel once everything written so far has reached the socket.
  private func closeWhenWritten() {
    guard !self.closeScheduled, let context = self.context else { return }
    self.closeScheduled = true
    context.closeChannel(after: self.lastWrite)
  }


  /// The transport is shutting down: finish the open streams, then close.
  func shutDownWhenIdle() {
    guard let session = self.session else { return }
    self.draining = true
    self.closeWhenIdle = true
    self.reportUnusable()
    if self.streamsByKey.isEmpty {
      session.submitGoaway(lastStreamID: 0, errorCode: .noError)
      self.flush()
      self.closeAfterWrites()
    }
  }

  // MARK: - Calls (posted here by the callers' tasks)

  /// Applies what callers have posted since the last delivery, then writes once.
  func process(_ operations: [ClientConnectionOperation]) {
    self.processingOperations = true
    for operation in operations {
      switch operation {
      case .open(let bridge, let metadata): self.openStream(bridge: bridge, metadata: metadata)
      case .message(let key, let framed): self.writeRequestMessage(key: key, framed: framed)
      case .end(let key): self.endRequest(key: key)
      case .cancel(let key): self.cancelStream(key: key)
      case .callerWantsMore(let key): self.callerWantsMore(key: key)
      }
    }
    self.processingOperations = false
    self.flush()
  }

  func openStream(bridge: ClientStreamBridge, metadata: Metadata) {
    let stream = ClientStream(bridge: bridge, maxHeaderListBytes: self.config.maxHeaderListBytes)
    guard let session = self.session, !self.draining else {
      stream.stateMachine.opened()
      stream.deliverStatus(
        self.session == nil ? self.closedStatus : Status(code: .unavailable, message: "The connection is closing; retry the call."))
      bridge.budget.fail(RPCError(code: .unavailable, message: "The connection is closing."))
      return
    }
    var headers: HeaderList = [
      (":method", "POST"),
      (":scheme", "http"),
      (":path", "/" + bridge.descriptor.fullyQualifiedMethod),
      (":authority", self.authority),
      ("content-type", ContentType.grpc),
      ("te", "trailers"),
      ("user-agent", self.config.userAgent),
      ("grpc-accept-encoding", MessageEncoding.headerValue(MessageEncoding.encodings(in: self.config.acceptedCompression))),
    ]
    if bridge.requestEncoding != .identity {
      headers.add("grpc-encoding", bridge.requestEncoding.rawValue)
    }
    if let timeout = bridge.timeout, metadata[stringValues: "grpc-timeout"].first(where: { _ in true }) == nil {
      headers.add("grpc-timeout", GRPCTimeout.format(timeout))
    }
    // GRPCCore puts the call's deadline in the metadata as grpc-timeout; it goes through here.
    MetadataHeaders.append(metadata, to: &headers)

    let id = session.submitRequest(headers: headers)
    stream.stateMachine.opened()
    guard id > 0 else {
      stream.deliverStatus(Status(code: .unavailable, message: "No stream could be opened on the connection (\(id))."))
      bridge.budget.fail(RPCError(code: .unavailable, message: "No stream could be opened."))
      return
    }
    stream.id = id
    self.streamsByKey[bridge.key] = stream
    self.streamsByID[id] = stream
    self.scheduleFlush()
  }

  func writeRequestMessage(key: UInt64, framed: ByteBuffer) {
    guard let stream = self.streamsByKey[key], case .open(.open, _) = stream.stateMachine.state else {
      return
    }
    stream.outbound.append(framed)
    self.resumeIfDeferred(stream)
  }

  func endRequest(key: UInt64) {
    guard let stream = self.streamsByKey[key], stream.stateMachine.endRequest() else { return }
    self.resumeIfDeferred(stream)
  }

  func cancelStream(key: UInt64) {
    guard let stream = self.streamsByKey[key] else { return }
    stream.deliverStatus(Status(code: .cancelled, message: "The call was cancelled."))
    stream.bridge.budget.fail(RPCError(code: .cancelled, message: "The call was cancelled."))
    if let session = self.session, stream.id > 0 {
      session.resetStream(stream.id, errorCode: .cancel)
      self.scheduleFlush()
    }
  }

  func callerWantsMore(key: UInt64) {
    guard let stream = self.streamsByKey[key], stream.inboundPaused else { return }
    stream.inboundPaused = false
    let credit = stream.uncreditedBytes
    stream.uncreditedBytes = 0
    self.session?.consumeStream(stream.id, credit)
  }

  private func resumeIfDeferred(_ stream: ClientStream) {
    if stream.isDeferred {
      stream.isDeferred = false
      self.session?.resumeData(streamID: stream.id)
    }
    self.scheduleFlush()
  }

  // MARK: - Session callbacks

  func session(readData streamID: Int32, into buffer: UnsafeMutableRawBufferPointer, flags: inout UInt32) -> Int {
    guard let stream = self.streamsByID[streamID] else {
      return Int(NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE.rawValue)
    }
    let copied = stream.readOutbound(into: buffer)
    stream.bridge.budget.release(copied)
    if stream.outbound.isEmpty, case .open(.ended, _) = stream.stateMachine.state {
      flags |= NGHTTP2_DATA_FLAG_EOF.rawValue
      return copied
    }
    if copied == 0 {
      stream.isDeferred = true
      return Int(NGHTTP2_ERR_DEFERRED.rawValue)
    }
    return copied
  }

  func session(beginHeaders frame: UnsafePointer<nghttp2_frame>) {
    guard let stream = self.streamsByID[frame.pointee.hd.stream_id] else { return }
    stream.head = ResponseHead(limit: self.config.maxHeaderListBytes)
  }

  func session(header name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer, frame: UnsafePointer<nghttp2_frame>) {
    guard let stream = self.streamsByID[frame.pointee.hd.stream_id] else { return }
    stream.head.add(name: String(decoding: name, as: UTF8.self), value: String(decoding: value, as: UTF8.self))
  }

  func session(frameReceived frame: UnsafePointer<nghttp2_frame>) {
    self.handshakeTimeout?.cancel()
    self.handshakeTimeout = nil
    let header = frame.pointee.hd
    let endStream = header.flags & UInt8(NGHTTP2_FLAG_END_STREAM.rawValue) != 0
    switch UInt32(header.type) {
    case NGHTTP2_HEADERS.rawValue:
      guard let stream = self.streamsByID[header.stream_id] else { return }
      if let status = stream.head.httpStatus, status.hasPrefix("1") { return }  // informational
      self.headersReceived(stream, endStream: endStream)
    case NGHTTP2_DATA.rawValue:
      if endStream, let stream = self.streamsByID[header.stream_id], !stream.stateMachine.responseIsFinished {
        // DATA with END_STREAM: the server sent no trailers.
        stream.deliverStatus(Status(code: .internalError, message: "The response ended without trailers."))
      }
    case NGHTTP2_GOAWAY.rawValue:
      self.draining = true
      self.reportUnusable()
    default:
      break
    }
  }

  private func headersReceived(_ stream: ClientStream, endStream: Bool) {
    let head = stream.head
    switch stream.stateMachine.receivedHeaders(endStream: endStream) {
    case .ignore:
      return
    case .deliverStatus:
      stream.bridge.inbound.yield(.status(head.finalStatus(), head.metadata), bytes: 0)
      stream.bridge.inbound.finish()
    case .deliverMetadata:
      if let http = head.httpStatus.flatMap(Int.init), http != 200 {
        return self.fail(stream, Status(code: StatusHeaders.code(forHTTPStatus: http), message: "HTTP status \(http)."))
      }
      guard let contentType = head.contentType, ContentType.isGRPC(contentType) else {
        return self.fail(
          stream,
          Status(code: .internalError, message: "Unexpected content-type '\(head.contentType ?? "")'.")
        )
      }
      if let encoding = head.encoding {
        guard let parsed = MessageEncoding(headerValue: encoding) else {
          return self.fail(stream, Status(code: .internalError, message: "Unsupported response encoding '\(encoding)'."))
        }
        stream.responseEncoding = parsed
      }
      stream.bridge.inbound.yield(.metadata(head.metadata), bytes: head.listSize)
    }
  }

  /// Ends the call with `status` and resets the stream.
  private func fail(_ stream: ClientStream, _ status: Status) {
    stream.deliverStatus(status)
    stream.bridge.budget.fail(RPCError(code: RPCError.Code(status.code) ?? .unknown, message: status.message))
    self.session?.resetStream(stream.id, errorCode: .cancel)
  }

  func session(dataChunk bytes: UnsafeRawBufferPointer, streamID: Int32) {
    guard let session = self.session else { return }
    session.consumeConnection(bytes.count)
    guard let stream = self.streamsByID[streamID], stream.stateMachine.responseIsStreaming else {
      session.consumeStream(streamID, bytes.count)
      return
    }
    do {
      try stream.deframer.append(bytes) { message in
        var payload = message.bytes
        if message.isCompressed {
          guard stream.responseEncoding != .identity else {
            throw RPCError(code: .internalError, message: "A compressed message arrived without grpc-encoding.")
          }
          do {
            payload = try Zlib.decompress(payload, encoding: stream.responseEncoding, limit: stream.bridge.maxResponseBytes)
          } catch Zlib.Failure.tooLarge(let limit) {
            throw RPCError(code: .resourceExhausted, message: "A decompressed response exceeds the limit of \(limit) bytes.")
          }
        }
        if !stream.bridge.inbound.yield(.message(payload), bytes: payload.count) {
          stream.inboundPaused = true
        }
      }
    } catch let error as RPCError {
      self.fail(stream, Status(code: Status.Code(error.code), message: error.message))
    } catch GRPCMessageDeframer.Failure.messageTooLarge(let length, let limit) {
      self.fail(
        stream,
        Status(code: .resourceExhausted, message: "Received a message of \(length) bytes, more than the limit of \(limit) bytes.")
      )
    } catch {
      self.fail(stream, Status(code: .internalError, message: "Invalid response: \(error)"))
    }
    if stream.inboundPaused {
      stream.uncreditedBytes += bytes.count
    } else {
      session.consumeStream(streamID, bytes.count)
    }
  }

  func session(frameSent frame: UnsafePointer<nghttp2_frame>) {}

  func session(streamClosed streamID: Int32, errorCode: UInt32) {
    guard let stream = self.streamsByID.removeValue(forKey: streamID) else { return }
    self.streamsByKey[stream.bridge.key] = nil
    if stream.stateMachine.closed() {
      let code = HTTP2ErrorCode(rawValue: errorCode)
      let status =
        code == .noError
        ? Status(code: .internalError, message: "The stream closed without a status.")
        : StatusHeaders.status(forReset: code)
      stream.bridge.inbound.yield(.status(status, [:]), bytes: 0)
      stream.bridge.inbound.finish()
    }
    stream.bridge.budget.fail(RPCError(code: .cancelled, message: "The stream is closed."))
    if self.closeWhenIdle, self.streamsByKey.isEmpty {
      self.scheduleFlush()
    }
  }
}
