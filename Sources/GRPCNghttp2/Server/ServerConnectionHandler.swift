import CNghttp2
import GRPCCore
import NIOCore

/// What every connection of one server transport shares.
struct ServerConnectionConfiguration: Sendable {
  var config: Nghttp2ServerTransport.Config
  /// Registered methods by `:path`.
  var methods: [String: MethodDescriptor]
  var dispatcher: RPCDispatcher
  var registry: ServerConnectionRegistry
  var statistics: TransportStatistics
}

/// The channel handler of one server connection: it owns the connection's nghttp2 session,
/// turns its streams into GRPCCore RPCs and writes their responses back.
///
/// Everything here runs on the channel's event loop. RPC handlers reach it by posting
/// ``ServerConnectionOperation``s to the connection's ``LoopMailbox`` (through
/// ``ServerResponseWriter``); requests reach them through each stream's ``InboundBuffer``.
/// The stream and connection lifecycles are ``ServerStreamStateMachine`` and
/// ``ServerConnectionStateMachine``; the request side is in `+Requests`, the response side
/// in `+Responses`.
final class ServerConnectionHandler: ChannelInboundHandler, Nghttp2SessionDelegate {
  typealias InboundIn = ByteBuffer
  typealias OutboundOut = ByteBuffer

  let shared: ServerConnectionConfiguration
  var config: Nghttp2ServerTransport.Config { self.shared.config }

  var session: Nghttp2Session?
  var context: ChannelHandlerContext?
  var streams: [Int32: ServerStream] = [:]
  var connectionState = ServerConnectionStateMachine()
  var pingPolicy: PingPolicy
  var resetRateLimit: ResetRateLimit
  var registryID: Int?

  /// True while nghttp2 is running our callbacks: draining it then would re-enter it.
  var inNghttp2 = false
  var flushScheduled = false
  /// Delivering posted operations: they end with one flush, so none is scheduled meanwhile.
  var processingOperations = false
  var lastWrite: EventLoopFuture<Void>?
  var closeRequested = false
  var closeScheduled = false
  var mailbox: LoopMailbox<ServerConnectionHandler, ServerConnectionOperation>?

  /// Handlers that are still running, including those of streams already closed.
  var runningHandlers = 0

  var lastReadTime = NIODeadline.now()
  /// Closes the connection unless the client's first frame arrives in time; nil once it has.
  var handshakeTimeout: Scheduled<Void>?
  var keepaliveTask: Scheduled<Void>?
  var keepaliveTimeout: Scheduled<Void>?
  var shutdownTimers: [Scheduled<Void>] = []

  var remotePeer = "unknown"
  var localPeer = "unknown"

  static let keepalivePing: UInt64 = 0x6B65_6570_616C_6976  // "keepaliv"
  static let shutdownPing: UInt64 = 0x7368_7574_646F_776E  // "shutdown"

  /// Below this, a stream's unfinished request or queued response is not worth summing over the
  /// connection for the per-connection limits.
  static let perConnectionLimitCheckBytes = 64 * 1024

  init(shared: ServerConnectionConfiguration) {
    self.shared = shared
    self.pingPolicy = PingPolicy(
      minInterval: TimeAmount(shared.config.keepalive.minPingInterval),
      maxStrikes: shared.config.keepalive.maxPingStrikes
    )
    self.resetRateLimit = ResetRateLimit(
      burst: shared.config.resetBurst, perSecond: shared.config.resetsPerSecond, now: .now())
  }

  /// What streams hold that the limits on held bytes bound, per connection and server-wide.
  enum HeldBytes {
    /// Request messages begun and not finished.
    case unfinishedRequests
    /// Responses queued for a client that has not read them.
    case unreadResponses

    func held(by stream: ServerStream) -> Int {
      switch self {
      case .unfinishedRequests: stream.deframer.partialMessageBytes
      case .unreadResponses: stream.outbound.byteCount
      }
    }
  }

  /// The RESOURCE_EXHAUSTED status for a stream whose `kind` of held bytes takes its connection
  /// past its limit, or the server past its server-wide one; nil within both. A stream holding
  /// less than `perConnectionLimitCheckBytes` passes neither, so small calls cost no sum.
  func heldBytesLimitStatus(_ stream: ServerStream, _ kind: HeldBytes) -> Status? {
    guard kind.held(by: stream) > Self.perConnectionLimitCheckBytes else { return nil }
    let (perConnection, serverWide, serverTotal, what) =
      switch kind {
      case .unfinishedRequests:
        (
          self.config.maxPartialMessageBytesPerConnection, self.config.maxPartialMessageBytes,
          self.shared.statistics.partialMessageBytes, "of unfinished request messages"
        )
      case .unreadResponses:
        (
          self.config.maxQueuedResponseBytesPerConnection, self.config.maxQueuedResponseBytes,
          self.shared.statistics.queuedResponseBytes, "of responses not yet read"
        )
      }
    let passed: (scope: String, limit: Int)
    if serverTotal > serverWide {
      passed = ("server", serverWide)
    } else if self.streams.values.reduce(0, { $0 + kind.held(by: $1) }) > perConnection {
      passed = ("connection", perConnection)
    } else {
      return nil
    }
    return Status(code: .resourceExhausted, message: "The \(passed.scope) holds more than \(passed.limit) bytes \(what).")
  }

  // MARK: - Channel events

  func handlerAdded(context: ChannelHandlerContext) {
    self.context = context
    var options = Nghttp2Session.Options()
    // A backstop twice as loose as `resetRateLimit`, which acts first.
    options.streamResetBurst = UInt64(2 * self.config.resetBurst)
    options.streamResetRate = UInt64(2 * self.config.resetsPerSecond)
    do {
      let session = try Nghttp2Session(role: .server, delegate: self, options: options)
      session.submitSettings([
        (NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, UInt32(self.config.maxConcurrentStreams)),
        (NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, UInt32(self.config.initialStreamWindowBytes)),
        (NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, UInt32(self.config.maxHeaderListBytes)),
        (NGHTTP2_SETTINGS_ENABLE_PUSH, 0),
      ])
      // Connection-level credit is returned as soon as bytes arrive; each stream's own
      // window is what bounds a slow handler.
      session.setConnectionWindow(Int32.max / 2)
      self.session = session
    } catch {
      context.close(promise: nil)
    }
    if context.channel.isActive {
      self.connectionBecameActive(context: context)
    }
  }

  func channelActive(context: ChannelHandlerContext) {
    self.connectionBecameActive(context: context)
    context.fireChannelActive()
  }

  func connectionBecameActive(context: ChannelHandlerContext) {
    guard self.registryID == nil else { return }
    self.remotePeer = Self.describe(context.channel.remoteAddress)
    self.localPeer = Self.describe(context.channel.localAddress)
    let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
    self.mailbox = LoopMailbox(target: loopBound) { handler, operations in
      handler.process(operations)
    }
    let channel = context.channel
    let connection = ServerConnectionRegistry.Connection(
      beginGracefulShutdown: {
        loopBound.eventLoop.execute { loopBound.value.beginGracefulShutdown() }
      },
      close: { channel.close(promise: nil) }
    )
    guard let id = self.shared.registry.register(connection) else {
      context.close(promise: nil)
      return
    }
    self.registryID = id
    self.shared.statistics.connectionOpened()
    self.handshakeTimeout = context.eventLoop.assumeIsolated().scheduleTask(
      in: TimeAmount(self.config.handshakeTimeout)
    ) {
      self.context?.close(promise: nil)
    }
    self.scheduleKeepalive(context: context)
    self.flush()
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
    self.lastReadTime = .now()
    self.inNghttp2 = true
    let result = buffer.withUnsafeReadableBytes { session.receive($0) }
    self.inNghttp2 = false
    if result < 0 {
      // The peer broke the protocol (bad preface, bad frame…): nghttp2 has queued a GOAWAY
      // where it could. Send it and close this connection only.
      self.flush()
      self.closeAfterWrites()
    }
  }

  func channelReadComplete(context: ChannelHandlerContext) {
    self.flush()
    context.fireChannelReadComplete()
  }

  func channelWritabilityChanged(context: ChannelHandlerContext) {
    if context.channel.isWritable {
      self.flush()
    }
    context.fireChannelWritabilityChanged()
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    context.close(promise: nil)
  }

  func tearDown() {
    guard let session = self.session else { return }
    self.handshakeTimeout?.cancel()
    self.keepaliveTask?.cancel()
    self.keepaliveTimeout?.cancel()
    for timer in self.shutdownTimers { timer.cancel() }
    self.shutdownTimers = []
    self.connectionState.closed()
    let error = RPCError(code: .unavailable, message: "The connection closed before the call completed.")
    for stream in self.streams.values {
      stream.deadline?.cancel()
      guard let rpc = stream.rpc else { continue }
      if stream.stateMachine.responseIsFinished {
        rpc.inbound.finish()
      } else {
        rpc.inbound.fail(error)
        rpc.control.cancel()
      }
      rpc.outbound.budget.fail(error)
    }
    self.streams = [:]
    // No callback can fire once the session is deleted, so the unretained user data is safe.
    session.close()
    self.session = nil
    if let id = self.registryID {
      self.registryID = nil
      self.shared.statistics.connectionClosed()
      self.shared.registry.deregister(id)
    }
  }

  // MARK: - Operations from calls

  /// Applies what calls have posted since the last delivery, then writes once.
  func process(_ operations: [ServerConnectionOperation]) {
    self.processingOperations = true
    for operation in operations {
      switch operation {
      case .responseHeaders(let id, let metadata):
        self.writeResponseHeaders(streamID: id, metadata: metadata)
      case .responseMessage(let id, let framed):
        self.writeResponseMessage(streamID: id, framed: framed)
      case .responseStatus(let id, let status, let metadata):
        self.writeResponseStatus(streamID: id, status: status, metadata: metadata)
      case .finishResponse(let id, let error):
        self.finishResponse(streamID: id, error: error)
      case .handlerWantsMore(let id):
        self.handlerWantsMore(streamID: id)
      case .handlerFinished:
        self.runningHandlers -= 1
      }
    }
    self.processingOperations = false
    self.flush()
  }

  // MARK: - Writing

  /// Drains nghttp2 into the channel while it is writable; outside nghttp2 callbacks only.
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
    } else if self.connectionState.shouldClose(openStreams: self.streams.count) {
      self.closeAfterWrites()
    }
  }

  /// Flushes once at the end of this event-loop tick, coalescing the writes of many streams.
  func scheduleFlush() {
    guard !self.flushScheduled, !self.processingOperations, let context = self.context else { return }
    self.flushScheduled = true
    context.eventLoop.assumeIsolated().execute {
      self.flushScheduled = false
      self.flush()
    }
  }

  func closeAfterWrites() {
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


  // MARK: - Keepalive and shutdown

  func scheduleKeepalive(context: ChannelHandlerContext) {
    self.keepaliveTask = context.eventLoop.assumeIsolated().scheduleTask(
      in: TimeAmount(self.config.keepalive.time)
    ) {
      self.keepaliveTick()
      if let context = self.context, self.session != nil {
        self.scheduleKeepalive(context: context)
      }
    }
  }

  func keepaliveTick() {
    guard let session = self.session, let context = self.context, self.keepaliveTimeout == nil else { return }
    guard NIODeadline.now() - self.lastReadTime >= TimeAmount(self.config.keepalive.time) else { return }
    session.submitPing(opaque: Self.keepalivePing)
    self.keepaliveTimeout = context.eventLoop.assumeIsolated().scheduleTask(
      in: TimeAmount(self.config.keepalive.timeout)
    ) {
      // No PING ACK: the peer or the path is gone.
      self.context?.close(promise: nil)
    }
    self.flush()
  }

  func beginGracefulShutdown() {
    guard let session = self.session, let context = self.context else { return }
    switch self.connectionState.beginGracefulShutdown() {
    case .none:
      return
    case .sendNoticeAndPing:
      session.submitShutdownNotice()
      session.submitPing(opaque: Self.shutdownPing)
      let loop = context.eventLoop.assumeIsolated()
      // A client that never answers the PING still gets the final GOAWAY.
      self.shutdownTimers.append(loop.scheduleTask(in: .seconds(1)) { self.sendFinalGoaway() })
      self.shutdownTimers.append(
        loop.scheduleTask(in: TimeAmount(self.config.shutdownGracePeriod)) { self.gracePeriodEnded() }
      )
      self.flush()
    }
  }

  func sendFinalGoaway() {
    guard let session = self.session, self.connectionState.shutdownPingAcknowledged() else { return }
    session.submitGoaway(lastStreamID: session.lastProcessedStreamID, errorCode: .noError)
    self.flush()
  }

  func gracePeriodEnded() {
    guard let session = self.session else { return }
    let status = Status(code: .unavailable, message: "The server is shutting down.")
    for stream in Array(self.streams.values) {
      self.abort(stream, status: status)
      session.resetStream(stream.id, errorCode: .cancel)
    }
    self.flush()
    self.closeAfterWrites()
  }

  private static func describe(_ address: SocketAddress?) -> String {
    guard let address else { return "unknown" }
    switch address {
    case .v4(let v4): return "ipv4:\(v4.host):\(address.port ?? 0)"
    case .v6(let v6): return "ipv6:[\(v6.host)]:\(address.port ?? 0)"
    case .unixDomainSocket: return "unix:\(address.pathname ?? "")"
    }
  }
}
