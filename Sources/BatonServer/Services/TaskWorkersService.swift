import BatonCore
import BatonProto
import Foundation
import GRPCCore

/// `baton.v1.TaskWorkers`: hands queued background task runs to task workers over a
/// bidirectional stream (spec task-workers §E.4, §E.8), and lists the workers.
///
/// A stream subscribes with its first message and is confirmed with `Subscribed`; runs then
/// arrive one at a time (or up to `prefetch`), each awaiting an `Ack` with its id. `Quit` or
/// the client closing its side acknowledges what is outstanding and ends the call with OK.
/// Any other end — cancellation, a broken connection, a protocol violation, the server shutting
/// down (UNAVAILABLE) — puts the unacknowledged runs back on their retry queues for the next
/// worker.
public struct TaskWorkersService: Baton_V1_TaskWorkers.SimpleServiceProtocol {
  private let environment: ServiceEnvironment
  /// How often an idle stream refreshes its worker's last-seen time.
  private let observationInterval: Duration

  public init(environment: ServiceEnvironment, observationInterval: Duration = .seconds(1)) {
    self.environment = environment
    self.observationInterval = observationInterval
  }

  public func subscribeScheduledTaskRuns(
    request: RPCAsyncSequence<Baton_V1_TaskWorkerMessage, any Error>,
    response: RPCWriter<Baton_V1_TaskWorkerEvent>,
    context: ServerContext
  ) async throws {
    try await environment.shutdown.endingAtShutdown {
      var messages = request.makeAsyncIterator()
      guard let first = try await messages.next() else { return }
      let subscription = try TaskWorkerSubscription(validatingFirstMessage: first)
      try await serve(subscription, messages: &messages, response: response)
    }
  }

  private func serve(
    _ subscription: TaskWorkerSubscription,
    messages: inout RPCAsyncSequence<Baton_V1_TaskWorkerMessage, any Error>.AsyncIterator,
    response: RPCWriter<Baton_V1_TaskWorkerEvent>
  ) async throws {
    let tracker = environment.taskWorkers
    let trackedStream = tracker.connect(subscription.clientID, keys: subscription.taskKeys)
    defer { tracker.disconnect(trackedStream) }
    try await response.write(.subscribed)

    let window = DeliveryWindow(limit: subscription.prefetch)
    // A stream that fails or is cancelled acknowledged none of its outstanding runs.
    defer {
      for run in window.close() { environment.taskRunQueue.requeue(run) }
    }
    try await withThrowingDiscardingTaskGroup { group in
      group.addTask { try await deliver(subscription, through: window, to: response) }
      group.addTask { await observe(subscription) }
      defer { group.cancelAll() }
      try await readAcknowledgements(from: &messages, for: subscription, window: window)
      // Quit (or closing the sending side) acknowledges the runs outstanding now; a run taken
      // after it is not sent but queued again.
      for run in window.close() { environment.taskRunQueue.release(run.id) }
    }
  }

  public func readTaskWorkers(
    request: Baton_V1_ReadTaskWorkersRequest, context: ServerContext
  ) async throws -> Baton_V1_ReadTaskWorkersResponse {
    var response = Baton_V1_ReadTaskWorkersResponse()
    response.workers = environment.taskWorkers.workers(servingAnyOf: request.taskKeys).map {
      Baton_V1_TaskWorker(identifier: $0.identifier, taskKeys: $0.taskKeys, lastSeen: $0.lastSeen)
    }
    return response
  }

  /// Sends runs while the window has room, until cancelled.
  private func deliver(
    _ subscription: TaskWorkerSubscription, through window: DeliveryWindow,
    to response: RPCWriter<Baton_V1_TaskWorkerEvent>
  ) async throws {
    var cursor = 0
    while true {
      await window.waitForRoom()
      guard let entry = await environment.taskRunQueue.next(forKeys: subscription.taskKeys, cursor: &cursor) else {
        return
      }
      guard let run = await stillScheduled(entry) else {
        environment.taskRunQueue.release(entry.run.id)
        continue
      }
      guard window.add(run) else {
        environment.taskRunQueue.requeue(run)
        return
      }
      try await response.write(Baton_V1_TaskWorkerEvent(delivering: run, now: environment.clock()))
    }
  }

  /// The run to deliver: a run whose snapshot may be stale as the database has it now, or nil
  /// when it is no longer a deferred SCHEDULED run (a worker ran it meanwhile).
  private func stillScheduled(_ entry: TaskRunQueue.Entry) async -> TaskRun? {
    guard entry.mayBeStale else { return entry.run }
    do {
      guard let current = try await environment.store.readTaskRun(id: entry.run.id),
        current.stateType == .scheduled, current.state?.details.isDeferred == true
      else { return nil }
      return current
    } catch {
      // The database could not say: deliver the snapshot; the PENDING guard catches a duplicate.
      environment.logger.warning("Could not re-read a queued task run", metadata: ["error": "\(error)"])
      return entry.run
    }
  }

  /// Keeps the worker's last-seen time fresh while the stream is open.
  private func observe(_ subscription: TaskWorkerSubscription) async {
    while !Task.isCancelled {
      try? await Task.sleep(for: observationInterval)
      environment.taskWorkers.observe(subscription.clientID)
    }
  }

  /// Applies the client's messages after the subscription; returns on `Quit` or when the
  /// client closes its side, throws on a protocol violation.
  private func readAcknowledgements(
    from messages: inout RPCAsyncSequence<Baton_V1_TaskWorkerMessage, any Error>.AsyncIterator,
    for subscription: TaskWorkerSubscription, window: DeliveryWindow
  ) async throws {
    while let message = try await messages.next() {
      switch message.kind {
      case .ack(let ack):
        let id = try RequestValidator.validate {
          $0.uuid(ack.taskRunID, at: FieldPath.request.member("ack").member("task_run_id"))
        }
        guard let run = window.acknowledge(id) else {
          throw RPCError(
            code: .failedPrecondition,
            message: "Acknowledged task run '\(ack.taskRunID)' is not awaiting acknowledgement on this stream.")
        }
        environment.taskRunQueue.release(run.id)
        environment.taskWorkers.observe(subscription.clientID)
      case .quit:
        return
      case .subscribe:
        throw RequestValidationError(field: "subscribe", message: "Protocol violation: unexpected 'subscribe' message")
      case nil:
        throw RequestValidationError(field: "", message: "Protocol violation: expected 'ack' or 'quit' message")
      }
    }
  }
}
