import CNghttp2
import GRPCCore
import NIOCore

/// One HTTP/2 stream of a server connection, confined to the connection's event loop.
///
/// It owns the request's deframer and the queue of framed response bytes that the
/// stream's nghttp2 data provider reads from, and keeps the transport's server-wide counts of
/// both current: every change to them goes through the methods here.
final class ServerStream {
  let id: Int32
  var stateMachine = ServerStreamStateMachine()
  var head: RequestHead
  private(set) var deframer: GRPCMessageDeframer

  /// The encoding of request messages (from `grpc-encoding`).
  var requestEncoding: MessageEncoding = .identity
  /// Set once the call is accepted and handed to a handler.
  var rpc: AcceptedRPC?

  /// Framed response bytes not yet taken by nghttp2.
  private(set) var outbound = OutboundQueue()
  var pendingTrailers: HeaderList?
  /// The data provider returned NGHTTP2_ERR_DEFERRED and waits for `resume_data`.
  var isDeferred = false

  /// The handler's buffer is full: received bytes are not yet credited back to the client.
  var inboundPaused = false
  var uncreditedBytes = 0

  var deadline: Scheduled<Void>?

  private let statistics: TransportStatistics
  /// What this stream holds as last added to `statistics`.
  private var counted = (partialMessageBytes: 0, queuedResponseBytes: 0)

  init(id: Int32, maxHeaderListBytes: Int, maxMessageBytes: Int, statistics: TransportStatistics) {
    self.id = id
    self.head = RequestHead(limit: maxHeaderListBytes)
    self.deframer = GRPCMessageDeframer(maxMessageBytes: maxMessageBytes)
    self.statistics = statistics
  }

  deinit {
    self.statistics.adjust(
      partialMessageBytes: -self.counted.partialMessageBytes,
      queuedResponseBytes: -self.counted.queuedResponseBytes
    )
  }

  /// Deframes request bytes, calling `deliver` for each message they complete.
  func receive(_ bytes: UnsafeRawBufferPointer, deliver: (GRPCMessageDeframer.Message) throws -> Void) throws {
    defer { self.recount() }
    try self.deframer.append(bytes, deliver: deliver)
  }

  /// Frees the unfinished request message of a stream that will read no more.
  func discardPartialMessage() {
    self.deframer.discardPartialMessage()
    self.recount()
  }

  func enqueueOutbound(_ framed: ByteBuffer) {
    self.outbound.append(framed)
    self.recount()
  }

  func discardOutbound() {
    self.outbound.removeAll()
    self.recount()
  }

  /// Copies queued response bytes into `buffer`; returns how many were copied.
  func readOutbound(into buffer: UnsafeMutableRawBufferPointer) -> Int {
    defer { self.recount() }
    return self.outbound.read(into: buffer)
  }

  private func recount() {
    let now = (partialMessageBytes: self.deframer.partialMessageBytes, queuedResponseBytes: self.outbound.byteCount)
    self.statistics.adjust(
      partialMessageBytes: now.partialMessageBytes - self.counted.partialMessageBytes,
      queuedResponseBytes: now.queuedResponseBytes - self.counted.queuedResponseBytes
    )
    self.counted = now
  }


}
