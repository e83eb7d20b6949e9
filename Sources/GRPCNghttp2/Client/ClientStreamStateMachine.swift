/// The lifecycle of one client stream: the request is opened by the first write (which
/// carries the metadata), ended by `finish()`; the response goes from awaiting HEADERS
/// through messages to a status, which is delivered exactly once.
struct ClientStreamStateMachine {
  enum Request: Equatable {
    case open
    case ended
  }

  enum Response: Equatable {
    case awaitingHeaders
    case streaming
    /// The status has been delivered to the caller.
    case finished
  }

  enum State: Equatable {
    case idle
    case open(request: Request, response: Response)
    case closed
  }

  private(set) var state: State = .idle

  var isOpen: Bool {
    if case .open = self.state { return true }
    return false
  }

  var responseIsStreaming: Bool {
    self.state == .open(request: .open, response: .streaming) || self.state == .open(request: .ended, response: .streaming)
  }

  var responseIsFinished: Bool {
    switch self.state {
    case .open(_, .finished), .closed: true
    default: false
    }
  }

  mutating func opened() {
    guard self.state == .idle else { return }
    self.state = .open(request: .open, response: .awaitingHeaders)
  }

  /// Returns false if the request had already ended or the stream is not open.
  mutating func endRequest() -> Bool {
    guard case .open(.open, let response) = self.state else { return false }
    self.state = .open(request: .ended, response: response)
    return true
  }

  enum HeadersAction {
    /// Initial metadata: deliver it and expect messages.
    case deliverMetadata
    /// The headers carry the status (Trailers-Only, or trailers after messages).
    case deliverStatus
    case ignore
  }

  mutating func receivedHeaders(endStream: Bool) -> HeadersAction {
    guard case .open(let request, let response) = self.state else { return .ignore }
    switch response {
    case .awaitingHeaders where endStream, .streaming:
      self.state = .open(request: request, response: .finished)
      return .deliverStatus
    case .awaitingHeaders:
      self.state = .open(request: request, response: .streaming)
      return .deliverMetadata
    case .finished:
      return .ignore
    }
  }

  /// The transport ends the response itself (reset, oversized message, connection loss);
  /// returns false if a status was already delivered.
  mutating func finishResponse() -> Bool {
    guard case .open(let request, let response) = self.state, response != .finished else { return false }
    self.state = .open(request: request, response: .finished)
    return true
  }

  /// Returns true when the caller still needs a status.
  mutating func closed() -> Bool {
    defer { self.state = .closed }
    if case .open(_, let response) = self.state { return response != .finished }
    return self.state == .idle
  }
}
