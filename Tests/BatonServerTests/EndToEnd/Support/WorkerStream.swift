import BatonClient
import BatonProto
import Foundation
import GRPCCore
import Synchronization
import Testing

/// A `SubscribeScheduledTaskRuns` call that a test drives message by message, as a task
/// worker would: it sends what the test says and keeps every event the server sends.
final class WorkerStream: Sendable {
  private struct Received {
    var events: [Baton_V1_TaskWorkerEvent] = []
    var end: Result<Void, any Error>?
  }

  private let sender: AsyncStream<Baton_V1_TaskWorkerMessage>.Continuation
  private let received = Mutex(Received())
  private let call: Mutex<Task<Void, Never>?> = Mutex(nil)

  private init(sender: AsyncStream<Baton_V1_TaskWorkerMessage>.Continuation) {
    self.sender = sender
  }

  /// Opens the call; its first message is `first` (a subscribe, unless a test wants otherwise).
  /// The call has a deadline, so that a test that fails halfway cannot leave it open.
  static func open(_ baton: BatonConnection, first: Baton_V1_TaskWorkerMessage) -> WorkerStream {
    let (outgoing, sender) = AsyncStream<Baton_V1_TaskWorkerMessage>.makeStream()
    let stream = WorkerStream(sender: sender)
    sender.yield(first)
    let task = Task {
      do {
        var options = CallOptions.defaults
        options.timeout = .seconds(30)
        try await baton.taskWorkers.subscribeScheduledTaskRuns(
          options: options,
          requestProducer: { writer in
            for await message in outgoing { try await writer.write(message) }
          },
          onResponse: { response in
            for try await event in response.messages {
              stream.received.withLock { $0.events.append(event) }
            }
          })
        stream.received.withLock { $0.end = .success(()) }
      } catch {
        stream.received.withLock { $0.end = .failure(error) }
      }
    }
    stream.call.withLock { $0 = task }
    return stream
  }

  static func subscribe(
    _ baton: BatonConnection, keys: [String], clientID: String = "worker-\(UUID())", prefetch: Int32 = 0
  ) async throws -> WorkerStream {
    let stream = open(
      baton,
      first: .with {
        $0.kind = .subscribe(
          .with {
            $0.taskKeys = keys
            $0.clientID = clientID
            $0.prefetch = prefetch
          })
      })
    let confirmation = try #require(await stream.nextEvent())
    guard case .subscribed = confirmation.kind else {
      Issue.record("expected Subscribed first, got \(confirmation)")
      return stream
    }
    return stream
  }

  /// The next event not yet taken, waiting up to `timeout`; nil if none arrives.
  func nextEvent(within timeout: Duration = .seconds(5)) async -> Baton_V1_TaskWorkerEvent? {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
      if let event = received.withLock({ $0.events.isEmpty ? nil : $0.events.removeFirst() }) { return event }
      try? await Task.sleep(for: .milliseconds(5))
    }
    return nil
  }

  /// The next delivered run, waiting up to `timeout`; nil if none arrives.
  func nextRun(within timeout: Duration = .seconds(5)) async -> Baton_V1_TaskRun? {
    guard let event = await nextEvent(within: timeout) else { return nil }
    guard case .taskRun(let run) = event.kind else {
      Issue.record("expected a task run, got \(event)")
      return nil
    }
    return run
  }

  /// The ids of the delivered runs not yet taken, taking them.
  func takeDeliveredRunIDs() -> [String] {
    received.withLock { received in
      defer { received.events = [] }
      return received.events.compactMap { event in
        guard case .taskRun(let run) = event.kind else { return nil }
        return run.id
      }
    }
  }

  /// Acknowledges every run delivered until none arrives within `timeout`, then quits;
  /// returns the runs' ids in delivery order.
  func acknowledgeAllAndQuit(waitingUpTo timeout: Duration) async -> [String] {
    var delivered: [String] = []
    while let run = await nextRun(within: timeout) {
      delivered.append(run.id)
      acknowledge(run.id)
    }
    quit()
    return delivered
  }

  func acknowledge(_ runID: String) {
    sender.yield(.with { $0.kind = .ack(.with { $0.taskRunID = runID }) })
  }

  func send(_ message: Baton_V1_TaskWorkerMessage) {
    sender.yield(message)
  }

  func quit() {
    sender.yield(.with { $0.kind = .quit(Baton_V1_Quit()) })
  }

  /// Closes the client's side of the stream.
  func finishSending() {
    sender.finish()
  }

  /// Cancels the call, as a worker that dies would.
  func cancel() async {
    let task = call.withLock { $0 }
    task?.cancel()
    await task?.value
  }

  /// How the call ended: nil while it runs; waits up to `timeout`.
  func end(within timeout: Duration = .seconds(5)) async -> Result<Void, any Error>? {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
      if let end = received.withLock({ $0.end }) { return end }
      try? await Task.sleep(for: .milliseconds(5))
    }
    return nil
  }

  /// The status the call ended with, waiting up to 5 s; nil if it is still running.
  func endStatus() async -> (code: Status.Code, message: String)? {
    switch await end() {
    case .success?: return (.ok, "")
    case .failure(let error as RPCError)?: return (Status.Code(rawValue: error.code.rawValue) ?? .unknown, error.message)
    case .failure(let error)?: return (.unknown, "\(error)")
    case nil: return nil
    }
  }
}
