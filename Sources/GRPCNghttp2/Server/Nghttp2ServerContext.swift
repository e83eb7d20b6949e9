import GRPCCore
import Synchronization

/// What the nghttp2 server transport tells a handler about its call, and lets it choose,
/// beyond GRPCCore's `ServerContext`.
///
/// Reach it through `context.transportSpecific as? Nghttp2ServerContext`.
public final class Nghttp2ServerContext: ServerContext.TransportSpecific {
  private struct State {
    var compressedMessages = 0
    var compressResponses: Bool
  }

  /// The request's `grpc-encoding` (`identity` when absent).
  public let requestEncoding: String

  /// The encoding responses use when they are compressed; nil when the client accepts none
  /// that the server has enabled.
  public let responseEncoding: String?

  private let state: Mutex<State>

  init(requestEncoding: String, responseEncoding: MessageEncoding?, compressResponses: Bool) {
    self.requestEncoding = requestEncoding
    self.responseEncoding = responseEncoding?.rawValue
    self.state = Mutex(State(compressResponses: compressResponses))
  }

  /// Request messages received so far that had the compressed flag set.
  public var compressedRequestMessages: Int {
    self.state.withLock { $0.compressedMessages }
  }

  /// Whether the messages written from now on are compressed (with ``responseEncoding``).
  public var compressResponses: Bool {
    get { self.state.withLock { $0.compressResponses } }
    set { self.state.withLock { $0.compressResponses = newValue } }
  }

  /// Sets ``compressResponses``; a class with a setter is awkward to mutate through `let`.
  public func setCompressResponses(_ enabled: Bool) {
    self.compressResponses = enabled
  }

  func recordCompressedMessage() {
    self.state.withLock { $0.compressedMessages += 1 }
  }

  /// The encoding for the next message.
  var encodingForNextMessage: MessageEncoding? {
    guard self.compressResponses, let responseEncoding else { return nil }
    return MessageEncoding(rawValue: responseEncoding)
  }
}
