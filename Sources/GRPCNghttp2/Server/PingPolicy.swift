import NIOCore

/// gRPC core's rule against PING floods: a PING that arrives sooner than the minimum
/// interval after the previous one, with no HEADERS or DATA sent in between, is a strike;
/// one strike too many closes the connection with GOAWAY(ENHANCE_YOUR_CALM).
struct PingPolicy {
  private let minInterval: TimeAmount
  private let maxStrikes: Int
  private var strikes = 0
  private var lastPing: NIODeadline?
  private var sentSinceLastPing = true

  init(minInterval: TimeAmount, maxStrikes: Int) {
    self.minInterval = minInterval
    self.maxStrikes = maxStrikes
  }

  mutating func framesSent() {
    self.sentSinceLastPing = true
    self.strikes = 0
  }

  /// Returns false once the peer has used up its strikes.
  mutating func pingReceived(at now: NIODeadline) -> Bool {
    defer {
      self.lastPing = now
      self.sentSinceLastPing = false
    }
    if let lastPing, !self.sentSinceLastPing, now - lastPing < self.minInterval {
      self.strikes += 1
    }
    return self.strikes <= self.maxStrikes
  }
}
