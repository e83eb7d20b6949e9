import BatonCore
import BatonProto
import BatonStore
import Foundation

// The TaskRuns service's requests as validated domain values (spec task-run-api §2).

extension TaskRunCreate {
  /// A validated `CreateTaskRun` request.
  ///
  /// - Parameters:
  ///   - now: The server clock, which a SCHEDULED initial state without `scheduled_time` is
  ///     due at.
  ///   - maxCacheKeyLength: `server.tasks.max_cache_key_length`; a longer `cache_key` (in code
  ///     points, as Python counts) is refused with Prefect's message.
  public init(
    validating request: Baton_V1_CreateTaskRunRequest, now: Date,
    maxCacheKeyLength: Int = OrchestrationSettings().maxCacheKeyLength
  ) throws(RequestValidationError) {
    self = try RequestValidator.validate { validator in
      let id = validator.optionalUUID(request.id, at: .request.member("id"))
      let flowRunID = validator.optionalUUID(request.flowRunID, at: .request.member("flow_run_id"))
      let taskKey = validator.required(request.taskKey, at: .request.member("task_key"))
      let dynamicKey = validator.required(request.dynamicKey, at: .request.member("dynamic_key"))
      if let cacheKey = request.cacheKey, cacheKey.unicodeScalars.count > maxCacheKeyLength {
        validator.reject(
          .request.member("cache_key"),
          "Cache key exceeded maximum allowed length of \(maxCacheKeyLength) characters.")
      }
      let cacheExpiration = validator.timestamp(request.cacheExpiration, at: .request.member("cache_expiration"))
      let policy = validator.taskRunPolicy(request.empiricalPolicy)
      let labels = validator.labels(request.labels, at: .request.member("labels"))
      let taskInputs = validator.taskInputs(request.taskInputs, at: .request.member("task_inputs"))
      // An absent state is the store's PENDING default; a present one must be valid.
      var state: StateCreate?
      if let proposal = request.state {
        state = validator.stateCreate(proposal, at: .request.member("state"), now: now)
        if state == nil { return nil }
      }
      return TaskRunCreate(
        id: id, name: request.name, flowRunID: flowRunID, taskKey: taskKey, dynamicKey: dynamicKey,
        cacheKey: request.cacheKey, cacheExpiration: cacheExpiration, taskVersion: request.taskVersion,
        empiricalPolicy: policy, tags: request.tags, labels: labels, taskInputs: taskInputs, state: state)
    }
  }
}

/// A validated `UpdateTaskRun` request: the run and its new name.
public struct TaskRunRename: Sendable, Hashable {
  public var id: UUID
  /// `nil`: keep the name (only `updated` moves); empty: a random two-word slug.
  public var name: String?

  public init(validating request: Baton_V1_UpdateTaskRunRequest) throws(RequestValidationError) {
    self = try RequestValidator.validate { validator in
      validator.requiredUUID(request.id, at: .request.member("id")).map { TaskRunRename(id: $0, name: request.name) }
    }
  }

  private init(id: UUID, name: String?) {
    self.id = id
    self.name = name
  }
}

/// A validated `ReadTaskRuns` request: filters, order (default `ID_DESC`) and window.
public struct TaskRunListQuery: Sendable, Hashable {
  public var filters: TaskRunQueryFilters
  public var sort: TaskRunSort
  /// 0...200; 200 when the request has none.
  public var limit: Int
  public var offset: Int

  public init(validating request: Baton_V1_ReadTaskRunsRequest) throws(RequestValidationError) {
    self = try RequestValidator.validate { validator in
      let filters = validator.taskRunQueryFilters(
        flows: request.flows, flowRuns: request.flowRuns, taskRuns: request.taskRuns,
        deployments: request.deployments)
      let sort = validator.taskRunSort(request.sort, at: .request.member("sort"))
      let window = validator.listWindow(limit: request.limit, offset: request.offset)
      return TaskRunListQuery(filters: filters, sort: sort, limit: window.limit, offset: window.offset)
    }
  }

  private init(filters: TaskRunQueryFilters, sort: TaskRunSort, limit: Int, offset: Int) {
    self.filters = filters
    self.sort = sort
    self.limit = limit
    self.offset = offset
  }
}

/// A validated `PaginateTaskRuns` request: filters, order (default `ID_DESC`) and page.
public struct TaskRunPageQuery: Sendable, Hashable {
  public var filters: TaskRunQueryFilters
  public var sort: TaskRunSort
  /// Page 1 and limit 200 when the request has none.
  public var page: PageRequest

  public init(validating request: Baton_V1_PaginateTaskRunsRequest) throws(RequestValidationError) {
    self = try RequestValidator.validate { validator in
      let filters = validator.taskRunQueryFilters(
        flows: request.flows, flowRuns: request.flowRuns, taskRuns: request.taskRuns,
        deployments: request.deployments)
      let sort = validator.taskRunSort(request.sort, at: .request.member("sort"))
      return validator.pageRequest(page: request.page, limit: request.limit).map {
        TaskRunPageQuery(filters: filters, sort: sort, page: $0)
      }
    }
  }

  private init(filters: TaskRunQueryFilters, sort: TaskRunSort, page: PageRequest) {
    self.filters = filters
    self.sort = sort
    self.page = page
  }
}
