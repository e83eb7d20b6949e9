import BatonCore
import BatonProto
import BatonStore
import Foundation
import GRPCCore

/// `baton.v1.TaskRuns`: Prefect's task-run routes (spec task-run-api §2) over the store.
///
/// Each call validates its request into domain values, makes one store call, and maps the
/// answer back; orchestration outcomes travel as data in `OrchestrationResult`.
public struct TaskRunsService: Baton_V1_TaskRuns.SimpleServiceProtocol {
  private let environment: ServiceEnvironment

  public init(environment: ServiceEnvironment) {
    self.environment = environment
  }

  public func createTaskRun(
    request: Baton_V1_CreateTaskRunRequest, context: ServerContext
  ) async throws -> Baton_V1_CreateTaskRunResponse {
    try await environment.answering(context) {
      let now = environment.clock()
      let create = try TaskRunCreate(
        validating: request, now: now, maxCacheKeyLength: environment.settings.maxCacheKeyLength)
      let creation = try await environment.store.createTaskRun(create)
      environment.didCommit(creation.run, stateWritten: creation.created, enqueueOn: creation.enqueueAfterCommit)
      return Baton_V1_CreateTaskRunResponse(creation, now: environment.clock())
    }
  }

  public func updateTaskRun(
    request: Baton_V1_UpdateTaskRunRequest, context: ServerContext
  ) async throws -> Baton_V1_UpdateTaskRunResponse {
    try await environment.answering(context) {
      let rename = try TaskRunRename(validating: request)
      guard try await environment.store.renameTaskRun(id: rename.id, to: rename.name) else {
        throw RPCError.notFound("Task run not found")
      }
      return Baton_V1_UpdateTaskRunResponse()
    }
  }

  public func countTaskRuns(
    request: Baton_V1_CountTaskRunsRequest, context: ServerContext
  ) async throws -> Baton_V1_CountTaskRunsResponse {
    try await environment.answering(context) {
      let filters = try TaskRunQueryFilters(validating: request)
      return Baton_V1_CountTaskRunsResponse(count: try await environment.store.countTaskRuns(filters))
    }
  }

  public func taskRunHistory(
    request: Baton_V1_TaskRunHistoryRequest, context: ServerContext
  ) async throws -> Baton_V1_TaskRunHistoryResponse {
    try await environment.answering(context) {
      let history = try HistoryRequest(validating: request)
      return Baton_V1_TaskRunHistoryResponse(try await environment.store.taskRunHistory(history))
    }
  }

  public func readTaskRun(
    request: Baton_V1_ReadTaskRunRequest, context: ServerContext
  ) async throws -> Baton_V1_TaskRun {
    try await environment.answering(context) {
      let id = try UUID(validating: request.id)
      guard let run = try await environment.store.readTaskRun(id: id) else {
        throw RPCError.notFound("Task not found")
      }
      return Baton_V1_TaskRun(run, now: environment.clock())
    }
  }

  public func readTaskRuns(
    request: Baton_V1_ReadTaskRunsRequest, context: ServerContext
  ) async throws -> Baton_V1_ReadTaskRunsResponse {
    try await environment.answering(context) {
      let query = try TaskRunListQuery(validating: request)
      let runs = try await environment.store.readTaskRuns(
        query.filters, sort: query.sort, limit: query.limit, offset: query.offset)
      return Baton_V1_ReadTaskRunsResponse(runs, now: environment.clock())
    }
  }

  public func paginateTaskRuns(
    request: Baton_V1_PaginateTaskRunsRequest, context: ServerContext
  ) async throws -> Baton_V1_PaginateTaskRunsResponse {
    try await environment.answering(context) {
      let query = try TaskRunPageQuery(validating: request)
      let page = try await environment.store.paginateTaskRuns(query.filters, sort: query.sort, page: query.page)
      return Baton_V1_PaginateTaskRunsResponse(page, now: environment.clock())
    }
  }

  public func deleteTaskRun(
    request: Baton_V1_DeleteTaskRunRequest, context: ServerContext
  ) async throws -> Baton_V1_DeleteTaskRunResponse {
    try await environment.answering(context) {
      let id = try UUID(validating: request.id)
      guard try await environment.store.deleteTaskRun(id: id) else {
        throw RPCError.notFound("Task not found")
      }
      return Baton_V1_DeleteTaskRunResponse()
    }
  }

  public func readTaskRunState(
    request: Baton_V1_ReadTaskRunStateRequest, context: ServerContext
  ) async throws -> Baton_V1_State {
    try await environment.answering(context) {
      guard let state = try await environment.store.readTaskRunState(id: try UUID(validating: request.id)) else {
        throw RPCError.notFound("Task run state not found")
      }
      return Baton_V1_State(state)
    }
  }

  public func readTaskRunStates(
    request: Baton_V1_ReadTaskRunStatesRequest, context: ServerContext
  ) async throws -> Baton_V1_ReadTaskRunStatesResponse {
    try await environment.answering(context) {
      let runID = try UUID(validating: request.taskRunID, field: "task_run_id")
      var response = Baton_V1_ReadTaskRunStatesResponse()
      response.states = try await environment.store.readTaskRunStates(taskRunID: runID).map(Baton_V1_State.init)
      return response
    }
  }

  public func setTaskRunState(
    request: Baton_V1_SetTaskRunStateRequest, context: ServerContext
  ) async throws -> Baton_V1_OrchestrationResult {
    try await environment.answering(context) {
      let proposal = try StateProposal(validating: request, now: environment.clock())
      let orchestration = try await environment.store.setTaskRunState(
        id: proposal.runID, to: proposal.state, force: proposal.force, parameters: [:])
      environment.didCommit(orchestration)
      return Baton_V1_OrchestrationResult(orchestration)
    }
  }

  public func watchTaskRuns(
    request: Baton_V1_WatchTaskRunsRequest, response: RPCWriter<Baton_V1_TaskRunEvent>, context: ServerContext
  ) async throws {
    let filters = try TaskRunQueryFilters(validating: request)
    try await environment.shutdown.endingAtShutdown {
      try await watch(filters, response: response, context: context)
    }
  }

  private func watch(
    _ filters: TaskRunQueryFilters, response: RPCWriter<Baton_V1_TaskRunEvent>, context: ServerContext
  ) async throws {
    try await environment.taskRunEvents.withWatch { watch in
      try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask {
          while let batch = await watch.nextBatch() {
            try await send(batch, matching: filters, to: response, context: context)
          }
        }
        // Ends the call even while a write waits on a client that stopped reading.
        group.addTask { await watch.waitUntilOverflowed() }
        defer { group.cancelAll() }
        try await group.next()
      }
      if watch.overflowed {
        throw RPCError(
          code: .resourceExhausted,
          message: "The watch fell more than \(watch.capacity) state changes behind and was closed; watch again.")
      }
    }
  }

  /// Writes the events of `batch` whose runs match `filters` now.
  private func send(
    _ batch: [TaskRunEventHub.Event], matching filters: TaskRunQueryFilters,
    to response: RPCWriter<Baton_V1_TaskRunEvent>, context: ServerContext
  ) async throws {
    let ids = batch.map(\.run.id)
    let matching = try await environment.answering(context) {
      filters == TaskRunQueryFilters() ? Set(ids) : try await environment.store.taskRunIDs(ids, matching: filters)
    }
    for event in batch where matching.contains(event.run.id) {
      try await response.write(
        Baton_V1_TaskRunEvent(
          run: event.run, writtenState: event.state, occurred: event.state.timestamp, now: environment.clock()))
    }
  }
}
