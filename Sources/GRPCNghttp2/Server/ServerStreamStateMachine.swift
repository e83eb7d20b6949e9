/// The lifecycle of one server stream, from its request HEADERS to its close.
///
/// The request half is open until END_STREAM; the response half goes from idle through
/// headers to a status, which is either sent at once (Trailers-Only, or trailers after the
/// queued messages) or queued until nghttp2 has taken the messages before it.
struct ServerStreamStateMachine {
  enum Response: Equatable {
    /// Nothing sent yet.
    case idle
    /// Response HEADERS sent; messages may follow.
    case streaming
    /// The status is waiting for queued messages to be sent.
    case statusQueued
    /// The status is on its way; the response is complete.
    case statusSent
  }

  enum State: Equatable {
    /// The request HEADERS are still arriving.
    case receivingHeaders
    case open(requestClosed: Bool, response: Response)
    /// nghttp2 closed the stream.
    case closed
  }

  private(set) var state: State = .receivingHeaders

  var requestIsOpen: Bool {
    if case .open(requestClosed: false, _) = self.state { return true }
    return false
  }

  var response: Response? {
    if case .open(_, let response) = self.state { return response }
    return nil
  }

  var responseIsFinished: Bool {
    switch self.state {
    case .open(_, .statusQueued), .open(_, .statusSent), .closed: true
    default: false
    }
  }

  mutating func requestHeadersReceived(endStream: Bool) {
    guard case .receivingHeaders = self.state else { return }
    self.state = .open(requestClosed: endStream, response: .idle)
  }

  /// Returns false if the request had already ended.
  mutating func requestEnded() -> Bool {
    guard case .open(requestClosed: false, let response) = self.state else { return false }
    self.state = .open(requestClosed: true, response: response)
    return true
  }

  /// Returns whether response HEADERS should be sent now.
  mutating func sendHeaders() -> Bool {
    guard case .open(let requestClosed, .idle) = self.state else { return false }
    self.state = .open(requestClosed: requestClosed, response: .streaming)
    return true
  }

  enum MessageAction {
    /// Send response HEADERS first, then queue the message.
    case sendHeadersThenQueue
    case queue
    case drop
  }

  mutating func sendMessage() -> MessageAction {
    switch self.state {
    case .open(let requestClosed, .idle):
      self.state = .open(requestClosed: requestClosed, response: .streaming)
      return .sendHeadersThenQueue
    case .open(_, .streaming):
      return .queue
    default:
      return .drop
    }
  }

  enum StatusAction {
    /// No HEADERS were sent: send one HEADERS frame with the status and END_STREAM.
    case trailersOnly
    /// Queue trailers behind the messages already queued.
    case queueTrailers
    /// A status was already sent, or the stream is closed.
    case drop
  }

  mutating func sendStatus() -> StatusAction {
    switch self.state {
    case .open(let requestClosed, .idle):
      self.state = .open(requestClosed: requestClosed, response: .statusSent)
      return .trailersOnly
    case .open(let requestClosed, .streaming):
      self.state = .open(requestClosed: requestClosed, response: .statusQueued)
      return .queueTrailers
    default:
      return .drop
    }
  }

  /// The data provider has submitted the queued trailers.
  mutating func trailersSubmitted() {
    guard case .open(let requestClosed, .statusQueued) = self.state else { return }
    self.state = .open(requestClosed: requestClosed, response: .statusSent)
  }

  enum CloseAction {
    /// The call completed; nothing to undo.
    case none
    /// The stream closed before the response was complete: the RPC is cancelled.
    case cancelRPC
  }

  mutating func closed() -> CloseAction {
    defer { self.state = .closed }
    switch self.state {
    case .open(_, .statusSent): return .none
    case .closed: return .none
    default: return .cancelRPC
    }
  }
}
