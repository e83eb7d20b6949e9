/// The latency of every successful call of one caller, and the calls that threw; callers'
/// recorders are merged into one for exact percentiles over all calls.
struct LatencyRecorder: Sendable {
  private(set) var latencies: [Duration] = []
  private(set) var errors = 0
  private(set) var firstError: String?

  /// Times `operation`; one that throws is counted as an error (the first one's text kept)
  /// instead of timed.
  mutating func record(_ operation: () async throws -> Void) async {
    let begin = ContinuousClock.now
    do {
      try await operation()
      latencies.append(ContinuousClock.now - begin)
    } catch {
      errors += 1
      if firstError == nil { firstError = String(describing: error) }
    }
  }

  mutating func merge(_ other: LatencyRecorder) {
    latencies += other.latencies
    errors += other.errors
    if firstError == nil { firstError = other.firstError }
  }

  var summary: LatencySummary { LatencySummary(latencies) }
}

/// Exact percentiles (nearest rank) of recorded latencies.
struct LatencySummary {
  let count: Int
  let p50: Duration
  let p90: Duration
  let p99: Duration
  let p999: Duration
  let maximum: Duration

  init(_ latencies: [Duration]) {
    let sorted = latencies.sorted()
    count = sorted.count
    p50 = sorted.nearestRank(50)
    p90 = sorted.nearestRank(90)
    p99 = sorted.nearestRank(99)
    p999 = sorted.nearestRank(99.9)
    maximum = sorted.last ?? .zero
  }
}
