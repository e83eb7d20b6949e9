import Dispatch
import Foundation

/// POSIX signals as an async sequence, through Dispatch signal sources.
public enum SignalStream {
  /// Yields each of `signals` as it arrives; the default action of each is turned off.
  public static func watching(_ signals: [Int32]) -> AsyncStream<Int32> {
    AsyncStream { continuation in
      let sources = signals.map { number in
        signal(number, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
        source.setEventHandler { continuation.yield(number) }
        source.resume()
        return source
      }
      let box = SourceBox(sources)
      continuation.onTermination = { _ in box.cancel() }
    }
  }

  /// Keeps the sources alive until the stream ends.
  private final class SourceBox: @unchecked Sendable {
    // @unchecked: the sources are only cancelled, which Dispatch allows from any thread.
    private let sources: [any DispatchSourceSignal]

    init(_ sources: [any DispatchSourceSignal]) {
      self.sources = sources
    }

    func cancel() {
      for source in self.sources { source.cancel() }
    }
  }
}
