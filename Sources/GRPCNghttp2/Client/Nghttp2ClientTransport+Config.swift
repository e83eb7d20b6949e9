import GRPCCore

extension Nghttp2ClientTransport {
  /// Limits and defaults of an ``Nghttp2ClientTransport``.
  public struct Config: Sendable {
    /// The largest response message accepted, after decompression; larger ones end the call
    /// with RESOURCE_EXHAUSTED. A call's `CallOptions.maxResponseMessageBytes` overrides it.
    public var maxReceiveMessageBytes: Int = 4 * 1024 * 1024

    /// SETTINGS_INITIAL_WINDOW_SIZE: response bytes the server may send on a stream before
    /// the caller has read them.
    public var initialStreamWindowBytes: Int = 1024 * 1024

    /// Response bytes buffered per stream for a caller that has not read them, beyond which
    /// no more flow-control credit is given; request bytes a caller may have queued.
    public var streamBufferBytes: Int = 256 * 1024

    /// SETTINGS_MAX_HEADER_LIST_SIZE for responses.
    public var maxHeaderListBytes: Int = 16 * 1024

    /// Compression the client accepts in responses.
    public var acceptedCompression: CompressionAlgorithmSet = [.gzip, .deflate]

    /// Request compression for calls whose options name none.
    public var defaultCompression: CompressionAlgorithm = .none

    /// How long to wait for a TCP connection, and then for the server's first HTTP/2 frame;
    /// a server that accepts but never speaks HTTP/2 fails the calls with UNAVAILABLE.
    public var connectTimeout: Duration = .seconds(10)

    /// The `user-agent` header.
    public var userAgent: String = "grpc-swift-nghttp2/1.0"

    public init() {}

    public static var defaults: Self { Self() }
  }
}
