import CNghttp2
import GRPCCore
import NIOCore

/// One HTTP/2 stream of a server connection, confined to the connection's event loop.
///
/// It owns the request's deframer and the queue of framed response bytes that the
/// stream's nghttp2 data provider reads from.
final class ServerStream {
  let id: Int32
  var stateMachine = ServerStreamStateMachine()
  var head: RequestHead
  var deframer: GRPCMessageDeframer

  /// The encoding of request messages (from `grpc-encoding`).
  var requestEncoding: MessageEncoding = .identity
  /// Set once the call is accepted and handed to a handler.
  var rpc: AcceptedRPC?

  /// Framed response bytes not yet taken by nghttp2.
  var outbound = OutboundQueue()
  var pendingTrailers: HeaderList?
  /// The data provider returned NGHTTP2_ERR_DEFERRED and waits for `resume_data`.
  var isDeferred = false

  /// The handler's buffer is full: received bytes are not yet credited back to the client.
  var inboundPaused = false
  var uncreditedBytes = 0

  var deadline: Scheduled<Void>?

  init(id: Int32, maxHeaderListBytes: Int, maxMessageBytes: Int) {
    self.id = id
    self.head = RequestHead(limit: maxHeaderListBytes)
    self.deframer = GRPCMessageDeframer(maxMessageBytes: maxMessageBytes)
  }

  /// Copies queued response bytes into `buffer`; returns how many were copied.
  func readOutbound(into buffer: UnsafeMutableRawBufferPointer) -> Int {
    self.outbound.read(into: buffer)
  }


}
