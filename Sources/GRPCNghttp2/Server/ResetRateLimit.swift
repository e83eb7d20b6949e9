import NIOCore

/// Rapid-reset protection (CVE-2023-44487): a client may reset a burst of streams at once and
/// earns more resets at a steady rate; one reset past that closes the connection with
/// GOAWAY(ENHANCE_YOUR_CALM), as a PING flood does. nghttp2's own limiter stays on, looser,
/// as a backstop; it would answer INTERNAL_ERROR.
struct ResetRateLimit {
  private let burst: Double
  private let perSecond: Double
  private var allowance: Double
  private var lastUpdate: NIODeadline

  init(burst: Int, perSecond: Int, now: NIODeadline) {
    self.burst = Double(burst)
    self.perSecond = Double(perSecond)
    self.allowance = Double(burst)
    self.lastUpdate = now
  }

  /// Returns false once the client resets streams faster than allowed.
  mutating func resetReceived(at now: NIODeadline) -> Bool {
    let elapsed = Double((now - self.lastUpdate).nanoseconds) / 1_000_000_000
    self.allowance = min(self.burst, self.allowance + elapsed * self.perSecond)
    self.lastUpdate = now
    guard self.allowance >= 1 else { return false }
    self.allowance -= 1
    return true
  }
}
