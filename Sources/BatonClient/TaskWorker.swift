import BatonProto
import Foundation
import GRPCCore

/// A task worker: subscribes to the background task runs of its task keys, acknowledges each
/// once a slot is free to execute it, and drives it through `SetTaskRunState` around a handler — deferred PENDING,
/// RUNNING, then COMPLETED, or FAILED when the handler throws (spec task-workers §E.1, §E.5).
///
/// A deferred PENDING answered with ABORT means another worker owns the run (a duplicate
/// delivery): the run is skipped. A WAIT before RUNNING is waited out; a FAILED that the
/// server turns into an `AwaitingRetry` runs the handler again when the retry is due. A broken
/// stream is reconnected with exponential backoff until the task is cancelled.
///
/// ```swift
/// let worker = TaskWorker(taskKeys: ["reports.build"])
/// try await BatonConnection.with(host: "127.0.0.1", port: 50051) { baton in
///   try await worker.run(on: baton) { run in try await buildReport(run) }
/// }
/// ```
public struct TaskWorker: Sendable {
  /// What happened, for logs and terminals.
  public enum Event: Sendable {
    case subscribed
    case received(Baton_V1_TaskRun)
    case completed(Baton_V1_TaskRun)
    case failed(Baton_V1_TaskRun, message: String)
    /// Not run: another worker owns it, or the server refused a state.
    case skipped(Baton_V1_TaskRun, reason: String)
    /// The stream ended; the worker reconnects after `retryIn`.
    case disconnected(any Error, retryIn: Duration)
  }

  public typealias Handler = @Sendable (Baton_V1_TaskRun) async throws -> Void

  public var taskKeys: [String]
  /// Identifies the worker to the server; Prefect's `<hostname>-<pid>` by default.
  public var clientID: String
  /// Most runs executing at once; the next run is read only when one finishes.
  public var limit: Int
  /// Most runs the server sends ahead of their acknowledgement.
  public var prefetch: Int
  /// The first reconnect delay, doubled after each failure up to `maximumReconnectDelay`.
  public var reconnectDelay: Duration
  public var maximumReconnectDelay: Duration
  public var onEvent: @Sendable (Event) -> Void

  public init(
    taskKeys: [String], clientID: String = TaskWorker.defaultClientID, limit: Int = 10, prefetch: Int = 1,
    reconnectDelay: Duration = .milliseconds(500), maximumReconnectDelay: Duration = .seconds(10),
    onEvent: @escaping @Sendable (Event) -> Void = { _ in }
  ) {
    self.taskKeys = taskKeys
    self.clientID = clientID
    self.limit = max(1, limit)
    self.prefetch = max(1, prefetch)
    self.reconnectDelay = reconnectDelay
    self.maximumReconnectDelay = maximumReconnectDelay
    self.onEvent = onEvent
  }

  public static var defaultClientID: String {
    "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
  }

  /// Serves runs until the task is cancelled, reconnecting whenever the stream ends; once
  /// cancelled, it takes no more runs, lets the ones it started finish, and returns.
  ///
  /// - Throws: An `RPCError` that retrying cannot mend: UNAUTHENTICATED, PERMISSION_DENIED,
  ///   INVALID_ARGUMENT (a subscription the server refuses) or UNIMPLEMENTED.
  public func run(on connection: BatonConnection, handler: @escaping Handler) async throws {
    let executions = ExecutionPool(limit: limit)
    var delay = reconnectDelay
    while !Task.isCancelled {
      do {
        try await serveOnce(on: connection, executions: executions, handler: handler)
        delay = reconnectDelay
      } catch let error as RPCError where Self.isFatal(error.code) {
        throw error
      } catch {
        if Task.isCancelled { break }
        onEvent(.disconnected(error, retryIn: delay))
        try? await Task.sleep(for: delay)
        delay = min(delay * 2, maximumReconnectDelay)
      }
    }
    await executions.waitUntilIdle()
  }

  private static func isFatal(_ code: RPCError.Code) -> Bool {
    [.unauthenticated, .permissionDenied, .invalidArgument, .unimplemented].contains(code)
  }

  /// One subscription: returns when the server ends the stream. A run is acknowledged only
  /// when a slot is free to execute it, so runs a stopped worker never started go back to the
  /// server's queue with the cancelled stream.
  private func serveOnce(
    on connection: BatonConnection, executions: ExecutionPool, handler: @escaping Handler
  ) async throws {
    let (outgoing, sender) = AsyncStream<Baton_V1_TaskWorkerMessage>.makeStream()
    let subscribe = Baton_V1_Subscribe.with {
      $0.taskKeys = taskKeys
      $0.clientID = clientID
      $0.prefetch = Int32(prefetch)
    }
    try await connection.taskWorkers.subscribeScheduledTaskRuns(
      requestProducer: { writer in
        try await writer.write(.with { $0.kind = .subscribe(subscribe) })
        for await message in outgoing { try await writer.write(message) }
        // Stopped: reset the call rather than close it, which the server would take as a
        // quit acknowledging what it sent.
        try Task.checkCancellation()
      },
      onResponse: { response in
        for try await event in response.messages {
          switch event.kind {
          case .subscribed:
            onEvent(.subscribed)
          case .taskRun(let run):
            onEvent(.received(run))
            guard await executions.acquire() else { throw CancellationError() }
            sender.yield(.with { $0.kind = .ack(.with { $0.taskRunID = run.id }) })
            executions.start { await execute(run, on: connection, handler: handler) }
          case nil:
            continue
          }
        }
        sender.finish()
      })
  }

  /// PENDING → RUNNING → handler → COMPLETED or FAILED, each proposal deferred so the
  /// background policy applies.
  private func execute(_ run: Baton_V1_TaskRun, on connection: BatonConnection, handler: Handler) async {
    do {
      let pending = try await propose(.pending, for: run, on: connection)
      guard pending.status == .accept else {
        onEvent(.skipped(run, reason: Self.describe(pending, proposing: "PENDING")))
        return
      }
      while true {
        let running = try await propose(.running, for: run, on: connection)
        switch (running.status, running.details) {
        case (.accept, _):
          break
        case (.wait, .waitDetails(let wait)?):
          try await Task.sleep(for: .seconds(max(0, wait.delaySeconds)))
          continue
        default:
          onEvent(.skipped(run, reason: Self.describe(running, proposing: "RUNNING")))
          return
        }
        do {
          try await handler(run)
          _ = try await propose(.completed, for: run, on: connection)
          onEvent(.completed(run))
          return
        } catch {
          let message = String(describing: error)
          let failed = try await propose(.failed, for: run, on: connection, message: message)
          onEvent(.failed(run, message: message))
          // Rejected into AwaitingRetry: run again once the retry is due.
          guard failed.status == .reject, failed.state?.type == .scheduled else { return }
        }
      }
    } catch {
      onEvent(.skipped(run, reason: "state change failed: \(error)"))
    }
  }

  private func propose(
    _ type: Baton_V1_StateType, for run: Baton_V1_TaskRun, on connection: BatonConnection, message: String? = nil
  ) async throws -> Baton_V1_OrchestrationResult {
    let request = Baton_V1_SetTaskRunStateRequest.with {
      $0.id = run.id
      $0.state = .with {
        $0.type = type
        $0.message = message
        $0.stateDetails = .with { $0.deferred = true }
      }
    }
    return try await connection.taskRuns.setTaskRunState(request)
  }

  private static func describe(_ result: Baton_V1_OrchestrationResult, proposing type: String) -> String {
    let reason: String? =
      switch result.details {
      case .abortDetails(let details)?: details.reason
      case .rejectDetails(let details)?: details.reason
      default: nil
      }
    return "\(type) answered \(result.status)" + (reason.map { ": \($0)" } ?? "")
  }
}
