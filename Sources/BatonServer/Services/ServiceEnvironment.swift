import BatonCore
import BatonStore
import Foundation
import GRPCCore
import Logging

/// What every service handler shares: the store, the background-task queue and worker
/// tracker, the hub of state changes for watchers, the notice that ends streams at shutdown,
/// the server clock, the orchestration settings that validation reads, and the logger that
/// records bugs.
public struct ServiceEnvironment: Sendable {
  public var store: any Repositories
  public var taskRunQueue: TaskRunQueue
  public var taskWorkers: TaskWorkerTracker
  public var taskRunEvents: TaskRunEventHub
  public var shutdown: ShutdownNotice
  public var settings: OrchestrationSettings
  /// The server clock; tests pin it.
  public var clock: @Sendable () -> Date
  public var logger: Logger

  public init(
    store: any Repositories, taskRunQueue: TaskRunQueue = TaskRunQueue(),
    taskWorkers: TaskWorkerTracker = TaskWorkerTracker(), taskRunEvents: TaskRunEventHub = TaskRunEventHub(),
    shutdown: ShutdownNotice = ShutdownNotice(), settings: OrchestrationSettings = OrchestrationSettings(),
    clock: @escaping @Sendable () -> Date = { Date() }, logger: Logger
  ) {
    self.store = store
    self.taskRunQueue = taskRunQueue
    self.taskWorkers = taskWorkers
    self.taskRunEvents = taskRunEvents
    self.shutdown = shutdown
    self.settings = settings
    self.clock = clock
    self.logger = logger
  }

  /// What follows a committed task-run write: watchers see the state written, and a run
  /// deferred to task workers joins their queue.
  func didCommit(_ run: TaskRun, stateWritten: Bool, enqueueOn queue: BackgroundTaskQueue?) {
    if stateWritten, let state = run.state {
      taskRunEvents.publish(run: run, state: state)
    }
    if let queue {
      taskRunQueue.enqueue(run, on: queue)
    }
  }

  func didCommit(_ orchestration: TaskRunOrchestration) {
    didCommit(orchestration.run, stateWritten: orchestration.stateWritten, enqueueOn: orchestration.enqueueAfterCommit)
  }

  /// Runs one handler body, answering a store failure with its status (DESIGN.md error table)
  /// and anything unexpected with INTERNAL, logged with the method it happened in.
  func answering<Response>(
    _ context: ServerContext, _ body: () async throws -> Response
  ) async throws -> Response {
    do {
      return try await body()
    } catch let error as RPCError {
      throw error
    } catch let error as RequestValidationError {
      throw error
    } catch let error as StoreError {
      throw self.rpcError(for: error, in: context)
    } catch {
      throw self.internalError(error, in: context)
    }
  }

  private func rpcError(for error: StoreError, in context: ServerContext) -> RPCError {
    switch error {
    case .notFound(let message):
      return RPCError(code: .notFound, message: message)
    case .alreadyExists(let message):
      return RPCError(code: .alreadyExists, message: message)
    case .failedPrecondition(let message):
      return RPCError(code: .failedPrecondition, message: message)
    case .resourceExhausted(let message):
      return RPCError(code: .resourceExhausted, message: message)
    case .unavailable(let message):
      return RPCError(code: .unavailable, message: message)
    case .incompatibleDatabase, .internal:
      return self.internalError(error, in: context)
    }
  }

  private func internalError(_ error: any Error, in context: ServerContext) -> RPCError {
    self.logger.error(
      "Internal error",
      metadata: ["method": "\(context.descriptor.fullyQualifiedMethod)", "error": "\(String(reflecting: error))"])
    return RPCError(code: .internalError, message: "Internal error; the server logged the details.")
  }
}

extension RPCError {
  /// NOT_FOUND with Prefect's text for the object.
  static func notFound(_ message: String) -> RPCError {
    RPCError(code: .notFound, message: message)
  }
}
