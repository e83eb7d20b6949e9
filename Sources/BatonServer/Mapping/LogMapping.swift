import BatonCore
import BatonProto
import BatonStore
import Foundation

// Run logs (spec task-run-api §5).

extension Baton_V1_Log {
  public init(_ log: Log) {
    self.init()
    id = log.id.wireString
    created = log.created
    updated = log.updated
    name = log.name
    level = Int32(clamping: log.level)
    message = log.message
    timestamp = log.timestamp
    flowRunID = log.flowRunID?.wireString
    taskRunID = log.taskRunID?.wireString
  }
}

extension Baton_V1_ReadLogsResponse {
  public init(_ logs: [Log]) {
    self.init()
    self.logs = logs.map(Baton_V1_Log.init)
  }
}

extension Baton_V1_CreateLogsResponse {
  public init(count: Int) {
    self.init()
    self.count = Int64(count)
  }
}

extension [LogCreate] {
  /// The lines of a validated `CreateLogs` request: each needs a timestamp, and run ids must
  /// be UUIDs (they are not checked for existence).
  public init(validating request: Baton_V1_CreateLogsRequest) throws(RequestValidationError) {
    self = try RequestValidator.validate { validator in
      request.logs.enumerated().compactMap { position, line in
        let field = FieldPath.request.member("logs").element(position)
        let timestamp = validator.requiredTimestamp(line.timestamp, at: field.member("timestamp"))
        let flowRunID = validator.optionalUUID(line.flowRunID, at: field.member("flow_run_id"))
        let taskRunID = validator.optionalUUID(line.taskRunID, at: field.member("task_run_id"))
        return timestamp.map {
          LogCreate(
            name: line.name, level: Int(line.level), message: line.message, timestamp: $0, flowRunID: flowRunID,
            taskRunID: taskRunID)
        }
      }
    }
  }
}

extension RequestValidator {
  mutating func logFilter(_ wire: Baton_V1_LogFilter, at field: FieldPath) -> LogFilter {
    LogFilter(
      operator: filterOperator(wire.operator, at: field.member("operator")),
      levelAtLeast: wire.level?.ge_.map(Int.init),
      levelAtMost: wire.level?.le_.map(Int.init),
      timestamp: wire.timestamp.map { timeBounds(before: $0.before_, after: $0.after_, at: field.member("timestamp")) },
      flowRunIDs: wire.flowRunID.flatMap { uuidList($0.any_, at: field.member("flow_run_id").member("any_")) },
      taskRunIDs: wire.taskRunID.flatMap { uuidList($0.any_, at: field.member("task_run_id").member("any_")) },
      taskRunIDIsNull: wire.taskRunID?.isNull_)
  }
}

/// A validated `ReadLogs` request: filter, order (default `TIMESTAMP_ASC`) and window.
public struct LogListQuery: Sendable, Hashable {
  public var filter: LogFilter?
  public var sort: LogSort
  /// 0...200; 200 when the request has none.
  public var limit: Int
  public var offset: Int

  public init(validating request: Baton_V1_ReadLogsRequest) throws(RequestValidationError) {
    self = try RequestValidator.validate { validator in
      let filter = request.logs.map { validator.logFilter($0, at: .request.member("logs")) }
      let sort = validator.logSort(request.sort, at: .request.member("sort"))
      let window = validator.listWindow(limit: request.limit, offset: request.offset)
      return LogListQuery(filter: filter, sort: sort, limit: window.limit, offset: window.offset)
    }
  }

  private init(filter: LogFilter?, sort: LogSort, limit: Int, offset: Int) {
    self.filter = filter
    self.sort = sort
    self.limit = limit
    self.offset = offset
  }
}
