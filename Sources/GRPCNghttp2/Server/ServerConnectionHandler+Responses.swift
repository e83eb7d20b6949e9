import CNghttp2
import GRPCCore
import NIOCore

// How a server connection writes responses: HEADERS, queued messages read by nghttp2's
// data provider, trailers from inside that provider, and what happens when a stream closes.
extension ServerConnectionHandler {
  func responseHeaders(for stream: ServerStream, metadata: Metadata) -> HeaderList {
    var headers: HeaderList = [(":status", "200"), ("content-type", ContentType.grpc)]
    if let encoding = stream.rpc?.context.responseEncoding {
      headers.add("grpc-encoding", encoding)
    }
    headers.add("grpc-accept-encoding", MessageEncoding.headerValue(MessageEncoding.encodings(in: self.config.compression)))
    MetadataHeaders.append(metadata, to: &headers)
    return headers
  }

  func writeResponseHeaders(streamID: Int32, metadata: Metadata) {
    guard let session = self.session, let stream = self.streams[streamID], stream.stateMachine.sendHeaders() else {
      return
    }
    session.submitResponse(streamID: streamID, headers: self.responseHeaders(for: stream, metadata: metadata), endStream: false)
    self.scheduleFlush()
  }

  func writeResponseMessage(streamID: Int32, framed: ByteBuffer) {
    guard let session = self.session, let stream = self.streams[streamID] else { return }
    switch stream.stateMachine.sendMessage() {
    case .drop:
      stream.rpc?.outbound.budget.release(framed.readableBytes)
      return
    case .sendHeadersThenQueue:
      session.submitResponse(streamID: streamID, headers: self.responseHeaders(for: stream, metadata: [:]), endStream: false)
    case .queue:
      break
    }
    stream.enqueueOutbound(framed)
    // Counts what every stream holds queued, including those whose call has ended (a deadline,
    // say) but whose client has not read the rest.
    if let status = self.heldBytesLimitStatus(stream, .unreadResponses) {
      // Freed now: the reset may wait behind a socket the client does not read.
      stream.discardOutbound()
      self.abort(stream, status: status)
      session.resetStream(streamID, errorCode: .enhanceYourCalm)
      self.scheduleFlush()
      return
    }
    self.resumeIfDeferred(stream)
  }


  func writeResponseStatus(streamID: Int32, status: Status, metadata: Metadata) {
    guard let session = self.session, let stream = self.streams[streamID] else { return }
    stream.deadline?.cancel()
    stream.deadline = nil
    switch stream.stateMachine.sendStatus() {
    case .trailersOnly:
      var headers: HeaderList = [(":status", "200"), ("content-type", ContentType.grpc)]
      headers.add(contentsOf: StatusHeaders.trailers(status: status, metadata: metadata))
      session.submitResponse(streamID: streamID, headers: headers, endStream: true)
      self.scheduleFlush()
    case .queueTrailers:
      stream.pendingTrailers = StatusHeaders.trailers(status: status, metadata: metadata)
      self.resumeIfDeferred(stream)
    case .drop:
      break
    }
  }

  func finishResponse(streamID: Int32, error: String?) {
    guard let stream = self.streams[streamID], !stream.stateMachine.responseIsFinished else { return }
    // GRPCCore always writes a status before finishing; without one the call failed.
    self.abort(stream, status: Status(code: .unknown, message: error ?? "The handler finished without a status."))
  }

  func resumeIfDeferred(_ stream: ServerStream) {
    if stream.isDeferred {
      stream.isDeferred = false
      self.session?.resumeData(streamID: stream.id)
    }
    self.scheduleFlush()
  }

  func session(readData streamID: Int32, into buffer: UnsafeMutableRawBufferPointer, flags: inout UInt32) -> Int {
    guard let stream = self.streams[streamID] else {
      return Int(NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE.rawValue)
    }
    let copied = stream.readOutbound(into: buffer)
    stream.rpc?.outbound.budget.release(copied)
    if stream.outbound.isEmpty, let trailers = stream.pendingTrailers {
      // The last DATA frame must not end the stream: the trailers do.
      flags |= NGHTTP2_DATA_FLAG_EOF.rawValue | NGHTTP2_DATA_FLAG_NO_END_STREAM.rawValue
      stream.pendingTrailers = nil
      self.session?.submitTrailers(streamID: streamID, headers: trailers)
      stream.stateMachine.trailersSubmitted()
      return copied
    }
    if copied == 0 {
      stream.isDeferred = true
      return Int(NGHTTP2_ERR_DEFERRED.rawValue)
    }
    return copied
  }

  func session(frameSent frame: UnsafePointer<nghttp2_frame>) {
    let header = frame.pointee.hd
    let type = UInt32(header.type)
    guard type == NGHTTP2_HEADERS.rawValue || type == NGHTTP2_DATA.rawValue else { return }
    self.pingPolicy.framesSent()
    if type == NGHTTP2_HEADERS.rawValue, header.flags & UInt8(NGHTTP2_FLAG_END_STREAM.rawValue) != 0,
      let session = self.session, !session.isRemoteClosed(header.stream_id)
    {
      // The response is complete but the client is still sending: tell it to stop.
      session.resetStream(header.stream_id, errorCode: .noError)
    }
  }

  func session(streamClosed streamID: Int32, errorCode: UInt32) {
    guard let stream = self.streams.removeValue(forKey: streamID) else { return }
    stream.deadline?.cancel()
    stream.deadline = nil
    if let rpc = stream.rpc {
      switch stream.stateMachine.closed() {
      case .cancelRPC:
        let error = RPCError(code: .cancelled, message: "The client cancelled the call.")
        rpc.inbound.fail(error)
        rpc.outbound.budget.fail(error)
        rpc.control.cancel()
      case .none:
        rpc.inbound.finish()
        rpc.outbound.budget.fail(RPCError(code: .cancelled, message: "The stream is closed."))
      }
    } else {
      _ = stream.stateMachine.closed()
    }
    if self.connectionState.shouldClose(openStreams: self.streams.count) {
      self.scheduleFlush()
    }
  }
}
