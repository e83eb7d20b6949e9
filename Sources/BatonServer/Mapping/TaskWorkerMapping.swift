import BatonCore
import BatonProto
import Foundation

// Task workers and their delivery stream (spec task-workers §E.3, §E.6, §E.8).

/// A validated `Subscribe`: the first message of a `SubscribeScheduledTaskRuns` stream.
public struct TaskWorkerSubscription: Sendable, Hashable {
  /// The keys the worker serves, handed out round-robin; never empty.
  public var taskKeys: [String]
  /// Identifies the worker; streams with the same id count as one worker. Never empty.
  public var clientID: String
  /// Most runs delivered but not yet acknowledged; at least 1 (a request's 0 means 1).
  public var prefetch: Int

  /// Reads the first message of a stream.
  ///
  /// Prefect closes the socket at the first broken rule, so only that one is reported, with
  /// Prefect's reason text: not a subscribe message, no task keys, no client id; then a
  /// negative `prefetch` (Baton's extension).
  public init(validatingFirstMessage message: Baton_V1_TaskWorkerMessage) throws(RequestValidationError) {
    let field = FieldPath.request.member("subscribe")
    guard case .subscribe(let subscribe) = message.kind else {
      throw RequestValidationError(
        field: field.description, message: "Protocol violation: expected 'subscribe' message")
    }
    guard !subscribe.taskKeys.isEmpty else {
      throw RequestValidationError(
        field: field.member("task_keys").description,
        message: "Protocol violation: expected 'keys' in subscribe message")
    }
    guard !subscribe.clientID.isEmpty else {
      throw RequestValidationError(
        field: field.member("client_id").description,
        message: "Protocol violation: expected 'client_id' in subscribe message")
    }
    guard subscribe.prefetch >= 0 else {
      throw RequestValidationError(
        field: field.member("prefetch").description,
        message: "Invalid prefetch: must be greater than or equal to 0.")
    }
    taskKeys = subscribe.taskKeys
    clientID = subscribe.clientID
    prefetch = max(1, Int(subscribe.prefetch))
  }
}

extension Baton_V1_TaskWorker {
  /// A tracked worker: its client id, every key it subscribed to, and when it was last seen.
  public init(identifier: String, taskKeys: [String], lastSeen: Date) {
    self.init()
    self.identifier = identifier
    self.taskKeys = taskKeys
    timestamp = lastSeen
  }
}

extension Baton_V1_TaskWorkerEvent {
  /// The confirmation sent once a subscription is registered.
  public static var subscribed: Self {
    var event = Self()
    event.kind = .subscribed(Baton_V1_Subscribed())
    return event
  }

  /// A delivery of a queued run, with its read-time fields computed as of `now`.
  public init(delivering run: TaskRun, now: Date) {
    self.init()
    kind = .taskRun(Baton_V1_TaskRun(run, now: now))
  }
}
