import NIOCore
import Synchronization

/// A single-consumer async sequence that the event loop fills and an RPC reads, with
/// backpressure counted in bytes.
///
/// ``yield(_:bytes:)`` returns false once more than the high watermark is buffered; the
/// producer then stops granting HTTP/2 flow-control credit. When the reader has drained the
/// buffer to the low watermark, `onDemand` runs (on the reader's thread) so the producer
/// can grant credit again. Memory per stream is thus bounded by the high watermark plus
/// the stream's flow-control window.
final class InboundBuffer<Element: Sendable>: AsyncSequence, Sendable {
  typealias Failure = any Error

  private struct State {
    var elements = CircularBuffer<(element: Element, bytes: Int)>()
    var bufferedBytes = 0
    var producerPaused = false
    var end: Result<Void, any Error>?
    var waiter: CheckedContinuation<Element?, any Error>?
  }

  private enum YieldAction {
    case resume(CheckedContinuation<Element?, any Error>)
    case buffered(keepProducing: Bool)
  }

  private enum NextFastPath {
    case element(Element, signalDemand: Bool)
    case end(Result<Void, any Error>)
    case wait
  }

  private enum WaiterInstall {
    case installed
    case element(Element)
    case end(Result<Void, any Error>)
    case cancelled
  }

  private let state = Mutex(State())
  private let highWatermark: Int
  private let lowWatermark: Int
  private let onDemand: @Sendable () -> Void

  init(highWatermark: Int, lowWatermark: Int, onDemand: @escaping @Sendable () -> Void) {
    self.highWatermark = highWatermark
    self.lowWatermark = lowWatermark
    self.onDemand = onDemand
  }

  /// Bytes buffered and not yet read.
  var bufferedBytes: Int {
    self.state.withLock { $0.bufferedBytes }
  }

  /// Appends an element; returns false when the producer should pause.
  @discardableResult
  func yield(_ element: Element, bytes: Int) -> Bool {
    let action: YieldAction = self.state.withLock { state in
      guard state.end == nil else { return .buffered(keepProducing: true) }
      if let waiter = state.waiter {
        state.waiter = nil
        return .resume(waiter)
      }
      state.elements.append((element, bytes))
      state.bufferedBytes += bytes
      if state.bufferedBytes > self.highWatermark {
        state.producerPaused = true
        return .buffered(keepProducing: false)
      }
      return .buffered(keepProducing: true)
    }
    switch action {
    case .resume(let waiter):
      waiter.resume(returning: element)
      return true
    case .buffered(let keepProducing):
      return keepProducing
    }
  }

  /// Ends the sequence after the buffered elements.
  func finish() {
    self.terminate(.success(()), discardingBuffered: false)
  }

  /// Ends the sequence with `error`, dropping what was not read: the reader sees the error next.
  func fail(_ error: any Error) {
    self.terminate(.failure(error), discardingBuffered: true)
  }

  private func terminate(_ end: Result<Void, any Error>, discardingBuffered: Bool) {
    let waiter: CheckedContinuation<Element?, any Error>? = self.state.withLock { state in
      guard state.end == nil else { return nil }
      state.end = end
      if discardingBuffered {
        state.elements.removeAll()
        state.bufferedBytes = 0
      }
      defer { state.waiter = nil }
      return state.waiter
    }
    switch end {
    case .success: waiter?.resume(returning: nil)
    case .failure(let error): waiter?.resume(throwing: error)
    }
  }

  func next() async throws -> Element? {
    let fast: NextFastPath = self.state.withLock { state in
      if let (element, bytes) = state.elements.popFirst() {
        state.bufferedBytes -= bytes
        if state.producerPaused, state.bufferedBytes <= self.lowWatermark {
          state.producerPaused = false
          return .element(element, signalDemand: true)
        }
        return .element(element, signalDemand: false)
      }
      if let end = state.end { return .end(end) }
      return .wait
    }
    switch fast {
    case .element(let element, let signalDemand):
      if signalDemand { self.onDemand() }
      return element
    case .end(let end):
      try end.get()
      return nil
    case .wait:
      break
    }

    return try await withTaskCancellationHandler {
      try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Element?, any Error>) in
        let install: WaiterInstall = self.state.withLock { state in
          if let (element, bytes) = state.elements.popFirst() {
            state.bufferedBytes -= bytes
            return .element(element)
          }
          if let end = state.end { return .end(end) }
          if Task.isCancelled { return .cancelled }
          state.waiter = continuation
          return .installed
        }
        switch install {
        case .installed: ()
        case .element(let element): continuation.resume(returning: element)
        case .end(.success): continuation.resume(returning: nil)
        case .end(.failure(let error)): continuation.resume(throwing: error)
        case .cancelled: continuation.resume(throwing: CancellationError())
        }
      }
    } onCancel: {
      let waiter = self.state.withLock { state in
        defer { state.waiter = nil }
        return state.waiter
      }
      waiter?.resume(throwing: CancellationError())
    }
  }

  struct AsyncIterator: AsyncIteratorProtocol {
    let buffer: InboundBuffer

    mutating func next() async throws -> Element? {
      try await self.buffer.next()
    }

    mutating func next(isolation actor: isolated (any Actor)?) async throws(any Error) -> Element? {
      try await self.buffer.next()
    }
  }

  func makeAsyncIterator() -> AsyncIterator {
    AsyncIterator(buffer: self)
  }
}
