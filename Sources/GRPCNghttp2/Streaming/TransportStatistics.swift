import Synchronization

/// Counters a transport keeps about itself, for tests and diagnostics.
public final class TransportStatistics: Sendable {
  private let bufferedResponses = Atomic<Int>(0)
  private let peakBufferedResponses = Atomic<Int>(0)
  private let openConnections = Atomic<Int>(0)
  private let acceptedStreams = Atomic<Int>(0)

  public init() {}

  /// Framed message bytes written by handlers (or, in a client, by callers) that nghttp2
  /// has not yet taken for DATA frames.
  public var bufferedResponseBytes: Int { self.bufferedResponses.load(ordering: .relaxed) }

  /// The highest value ``bufferedResponseBytes`` has reached.
  public var peakBufferedResponseBytes: Int { self.peakBufferedResponses.load(ordering: .relaxed) }

  /// Connections currently open.
  public var connections: Int { self.openConnections.load(ordering: .relaxed) }

  /// Streams accepted since the transport started.
  public var streams: Int { self.acceptedStreams.load(ordering: .relaxed) }

  func adjustBufferedResponseBytes(by delta: Int) {
    let now = self.bufferedResponses.add(delta, ordering: .relaxed).newValue
    if delta > 0 {
      var peak = self.peakBufferedResponses.load(ordering: .relaxed)
      while now > peak {
        let (exchanged, original) = self.peakBufferedResponses.compareExchange(
          expected: peak, desired: now, ordering: .relaxed)
        if exchanged { break }
        peak = original
      }
    }
  }

  func connectionOpened() { self.openConnections.add(1, ordering: .relaxed) }
  func connectionClosed() { self.openConnections.subtract(1, ordering: .relaxed) }
  func streamAccepted() { self.acceptedStreams.add(1, ordering: .relaxed) }
}
