import Synchronization

/// Counters a transport keeps about itself, for tests and diagnostics.
public final class TransportStatistics: Sendable {
  private let bufferedResponses = Atomic<Int>(0)
  private let peakBufferedResponses = Atomic<Int>(0)
  private let openConnections = Atomic<Int>(0)
  private let acceptedStreams = Atomic<Int>(0)
  private let partialMessages = Atomic<Int>(0)
  private let queuedResponses = Atomic<Int>(0)

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

  /// Bytes of request messages still being received, across every connection of a server,
  /// counted by the lengths their prefixes announce.
  public var partialMessageBytes: Int { self.partialMessages.load(ordering: .relaxed) }

  /// Framed response bytes that a server's streams hold for nghttp2, across every connection,
  /// including those of calls that have ended but whose clients have not read them.
  public var queuedResponseBytes: Int { self.queuedResponses.load(ordering: .relaxed) }

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

  func adjust(partialMessageBytes: Int, queuedResponseBytes: Int) {
    if partialMessageBytes != 0 { self.partialMessages.add(partialMessageBytes, ordering: .relaxed) }
    if queuedResponseBytes != 0 { self.queuedResponses.add(queuedResponseBytes, ordering: .relaxed) }
  }
}
