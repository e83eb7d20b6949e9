import BatonProto
import BatonStore
import Foundation
import GRPCCore

/// `baton.v1.Logs`: run logs, which deleting a task run removes with it.
public struct LogsService: Baton_V1_Logs.SimpleServiceProtocol {
  private let environment: ServiceEnvironment

  public init(environment: ServiceEnvironment) {
    self.environment = environment
  }

  public func createLogs(
    request: Baton_V1_CreateLogsRequest, context: ServerContext
  ) async throws -> Baton_V1_CreateLogsResponse {
    try await environment.answering(context) {
      let lines = try [LogCreate](validating: request)
      return Baton_V1_CreateLogsResponse(count: try await environment.store.createLogs(lines))
    }
  }

  public func readLogs(
    request: Baton_V1_ReadLogsRequest, context: ServerContext
  ) async throws -> Baton_V1_ReadLogsResponse {
    try await environment.answering(context) {
      let query = try LogListQuery(validating: request)
      return Baton_V1_ReadLogsResponse(
        try await environment.store.readLogs(query.filter, sort: query.sort, limit: query.limit, offset: query.offset))
    }
  }
}
