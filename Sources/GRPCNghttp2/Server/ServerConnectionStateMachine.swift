/// The lifecycle of one server connection, as far as shutdown is concerned.
///
/// A graceful shutdown first sends GOAWAY with the highest stream ID (a notice that new
/// streams will soon be refused) and a PING; when the PING is acknowledged, or after a
/// second, the final GOAWAY names the last stream that will be processed. Once no stream
/// remains, the connection closes.
struct ServerConnectionStateMachine {
  enum State: Equatable {
    case active
    /// The shutdown notice is out; waiting for the PING that follows it to come back.
    case announcedShutdown
    /// The final GOAWAY is out; waiting for the last streams to finish.
    case draining
    case closed
  }

  private(set) var state: State = .active

  /// Whether a new request stream is served (rather than refused with UNAVAILABLE).
  var acceptsNewStreams: Bool {
    self.state == .active
  }

  enum ShutdownAction {
    case sendNoticeAndPing
    case none
  }

  mutating func beginGracefulShutdown() -> ShutdownAction {
    guard self.state == .active else { return .none }
    self.state = .announcedShutdown
    return .sendNoticeAndPing
  }

  /// The shutdown PING came back, or its timer fired: returns whether to send the final GOAWAY.
  mutating func shutdownPingAcknowledged() -> Bool {
    guard self.state == .announcedShutdown else { return false }
    self.state = .draining
    return true
  }

  /// Returns whether the connection should close now that `openStreams` streams remain.
  func shouldClose(openStreams: Int) -> Bool {
    self.state == .draining && openStreams == 0
  }

  mutating func closed() {
    self.state = .closed
  }
}
