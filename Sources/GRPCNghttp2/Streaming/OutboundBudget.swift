import Synchronization

/// The bytes a stream's writer may have in flight before it has to wait.
///
/// A writer ``reserve(_:)``s the size of each framed message before handing it to the event
/// loop; the event loop ``release(_:)``s bytes as nghttp2 takes them for DATA frames, which
/// happens only while the peer grants flow-control credit and the socket is writable. A
/// writer whose peer stops reading therefore stops at the high watermark (plus one message).
final class OutboundBudget: Sendable {
  private struct State {
    var pending = 0
    var failure: (any Error)?
    var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
    var nextID: UInt64 = 0
  }

  private let state = Mutex(State())
  private let highWatermark: Int
  private let lowWatermark: Int
  private let statistics: TransportStatistics?

  init(highWatermark: Int, lowWatermark: Int, statistics: TransportStatistics?) {
    self.highWatermark = highWatermark
    self.lowWatermark = lowWatermark
    self.statistics = statistics
  }

  var pendingBytes: Int {
    self.state.withLock { $0.pending }
  }

  /// Waits until the stream is below its high watermark, then counts `bytes` as pending.
  func reserve(_ bytes: Int) async throws {
    let reserved: Bool = try self.state.withLock { state in
      if let failure = state.failure { throw failure }
      guard state.pending <= self.highWatermark else { return false }
      state.pending += bytes
      return true
    }
    if reserved {
      self.statistics?.adjustBufferedResponseBytes(by: bytes)
      return
    }
    while true {
      let id = self.state.withLock { state in
        defer { state.nextID += 1 }
        return state.nextID
      }
      try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
          let immediate: Result<Void, any Error>? = self.state.withLock { state in
            if let failure = state.failure { return .failure(failure) }
            if state.pending <= self.lowWatermark { return .success(()) }
            if Task.isCancelled { return .failure(CancellationError()) }
            state.waiters.append((id, continuation))
            return nil
          }
          if let immediate { continuation.resume(with: immediate) }
        }
      } onCancel: {
        let waiter = self.state.withLock { state -> CheckedContinuation<Void, any Error>? in
          guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
          return state.waiters.remove(at: index).continuation
        }
        waiter?.resume(throwing: CancellationError())
      }
      let reservedNow: Bool = try self.state.withLock { state in
        if let failure = state.failure { throw failure }
        guard state.pending <= self.highWatermark else { return false }
        state.pending += bytes
        return true
      }
      if reservedNow {
        self.statistics?.adjustBufferedResponseBytes(by: bytes)
        return
      }
    }
  }

  /// Marks `bytes` as handed to nghttp2; wakes writers once below the low watermark.
  func release(_ bytes: Int) {
    guard bytes > 0 else { return }
    let waiters: [CheckedContinuation<Void, any Error>]? = self.state.withLock { state in
      // A failed budget already forgot its pending bytes.
      guard state.failure == nil else { return nil }
      state.pending -= bytes
      guard state.pending <= self.lowWatermark, !state.waiters.isEmpty else { return [] }
      defer { state.waiters.removeAll() }
      return state.waiters.map(\.continuation)
    }
    guard let waiters else { return }
    self.statistics?.adjustBufferedResponseBytes(by: -bytes)
    for waiter in waiters { waiter.resume() }
  }

  /// Fails current and future reservations, and forgets the pending bytes.
  func fail(_ error: any Error) {
    let (waiters, pending): ([CheckedContinuation<Void, any Error>], Int) = self.state.withLock { state in
      guard state.failure == nil else { return ([], 0) }
      state.failure = error
      defer {
        state.waiters.removeAll()
        state.pending = 0
      }
      return (state.waiters.map(\.continuation), state.pending)
    }
    if pending != 0 { self.statistics?.adjustBufferedResponseBytes(by: -pending) }
    for waiter in waiters { waiter.resume(throwing: error) }
  }
}
