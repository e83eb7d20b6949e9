import GRPCCore

extension Nghttp2ServerTransport {
  /// How an ``Nghttp2ServerTransport`` listens, and the limits it enforces on every connection.
  public struct Config: Sendable {
    /// The largest request message accepted, after decompression; larger ones end the call
    /// with RESOURCE_EXHAUSTED. gRPC's default is 4 MiB.
    public var maxReceiveMessageBytes: Int = 4 * 1024 * 1024

    /// The largest response message a handler may send, before compression; a larger one
    /// ends the call with RESOURCE_EXHAUSTED instead of being queued. gRPC clients accept
    /// 4 MiB by default.
    public var maxSendMessageBytes: Int = 4 * 1024 * 1024

    /// Connections open at once; one more is closed as soon as it is accepted, so a flood of
    /// clients cannot use up the process's file descriptors (the limits below are per
    /// connection).
    public var maxConnections: Int = 4096

    /// SETTINGS_MAX_CONCURRENT_STREAMS advertised on every connection.
    public var maxConcurrentStreams: Int = 100

    /// SETTINGS_MAX_HEADER_LIST_SIZE: the largest request header block accepted; a larger
    /// one ends the call with RESOURCE_EXHAUSTED.
    public var maxHeaderListBytes: Int = 16 * 1024

    /// SETTINGS_INITIAL_WINDOW_SIZE: how many bytes a client may send on a stream before the
    /// handler has read them.
    public var initialStreamWindowBytes: Int = 1024 * 1024

    /// Request bytes buffered per stream for a handler that has not read them yet, beyond
    /// which no more flow-control credit is given. Response bytes a handler may have queued
    /// per stream before its writes wait.
    public var streamBufferBytes: Int = 256 * 1024

    /// Bytes of request messages still being received that one connection may hold across
    /// its streams; a stream whose message would go past it ends with RESOURCE_EXHAUSTED.
    /// Bounds what a client can pin by starting large messages and never finishing them; 64 MiB
    /// lets 16 maximum-size messages arrive at once, interleaved.
    public var maxPartialMessageBytesPerConnection: Int = 64 * 1024 * 1024

    /// Response bytes queued across one connection's streams for a client that is not reading
    /// them; the stream whose message would pass it is reset (ENHANCE_YOUR_CALM) and its call
    /// fails with RESOURCE_EXHAUSTED. Each stream's own queue is bounded by `streamBufferBytes`
    /// plus one message; this bounds their sum.
    public var maxQueuedResponseBytesPerConnection: Int = 64 * 1024 * 1024

    /// The two limits above across all connections at once, so that many clients together
    /// cannot pin more than a bounded amount of memory; the stream that passes one is refused
    /// in the same way.
    public var maxPartialMessageBytes: Int = 512 * 1024 * 1024
    public var maxQueuedResponseBytes: Int = 512 * 1024 * 1024

    /// Compression the server understands in requests; responses are compressed only when a
    /// handler asks (see ``Nghttp2ServerContext``) or ``compressResponses`` is set.
    public var compression: CompressionAlgorithmSet = [.gzip, .deflate]

    /// Compress every response with the first algorithm that both sides support.
    public var compressResponses: Bool = false

    /// Keepalive PINGs and the client PING policy.
    public var keepalive: Keepalive = Keepalive()

    /// How long a new connection has to send the HTTP/2 preface and its first frame; one that
    /// has not is closed, so idle sockets cannot pile up before they ever speak HTTP/2.
    public var handshakeTimeout: Duration = .seconds(20)

    /// How long in-flight calls may run after ``Nghttp2ServerTransport/beginGracefulShutdown()``
    /// before they are cancelled.
    public var shutdownGracePeriod: Duration = .seconds(10)

    /// Rapid-reset mitigation: RST_STREAM frames a client may send in a burst, and how many
    /// per second it earns back; beyond that the connection is closed with
    /// GOAWAY(ENHANCE_YOUR_CALM).
    public var resetBurst: Int = 200
    public var resetsPerSecond: Int = 33

    /// Handlers of reset streams that may still be running on one connection before new
    /// streams are refused; bounds the work a client can leave behind by resetting streams.
    public var maxAbandonedHandlers: Int = 100

    public init() {}

    /// Defaults: 4 MiB messages each way, 100 concurrent streams, 16 KiB header lists.
    public static var defaults: Self { Self() }
  }

  /// Keepalive: the server PINGs a connection that has been silent for ``time`` and closes it
  /// if the PING is not acknowledged within ``timeout``. A client that PINGs more often
  /// than ``minPingInterval`` while the server sends nothing gets ``maxPingStrikes`` warnings,
  /// then GOAWAY(ENHANCE_YOUR_CALM), as in gRPC core.
  public struct Keepalive: Sendable {
    public var time: Duration = .seconds(2 * 60 * 60)
    public var timeout: Duration = .seconds(20)
    public var minPingInterval: Duration = .seconds(5 * 60)
    public var maxPingStrikes: Int = 2

    public init() {}
  }
}
