import BatonProto
import BatonStore
import Foundation
import GRPCCore

/// `baton.v1.FlowRuns`: the flow runs task runs belong to, with the minimal state handling
/// task-run orchestration depends on (stopped and paused flows).
public struct FlowRunsService: Baton_V1_FlowRuns.SimpleServiceProtocol {
  private let environment: ServiceEnvironment

  public init(environment: ServiceEnvironment) {
    self.environment = environment
  }

  public func createFlowRun(
    request: Baton_V1_CreateFlowRunRequest, context: ServerContext
  ) async throws -> Baton_V1_CreateFlowRunResponse {
    try await environment.answering(context) {
      let create = try FlowRunCreate(validating: request, now: environment.clock())
      let creation = try await environment.store.createFlowRun(create)
      if let parentTaskRun = creation.parentTaskRun { environment.didCommit(parentTaskRun) }
      return Baton_V1_CreateFlowRunResponse(creation, now: environment.clock())
    }
  }

  public func readFlowRun(
    request: Baton_V1_ReadFlowRunRequest, context: ServerContext
  ) async throws -> Baton_V1_FlowRun {
    try await environment.answering(context) {
      guard let run = try await environment.store.readFlowRun(id: try UUID(validating: request.id)) else {
        throw RPCError.notFound("Flow run not found")
      }
      return Baton_V1_FlowRun(run, now: environment.clock())
    }
  }

  public func readFlowRuns(
    request: Baton_V1_ReadFlowRunsRequest, context: ServerContext
  ) async throws -> Baton_V1_ReadFlowRunsResponse {
    try await environment.answering(context) {
      let query = try FlowRunListQuery(validating: request)
      let runs = try await environment.store.readFlowRuns(
        query.filters, sort: query.sort, limit: query.limit, offset: query.offset)
      return Baton_V1_ReadFlowRunsResponse(runs, now: environment.clock())
    }
  }

  public func deleteFlowRun(
    request: Baton_V1_DeleteFlowRunRequest, context: ServerContext
  ) async throws -> Baton_V1_DeleteFlowRunResponse {
    try await environment.answering(context) {
      guard try await environment.store.deleteFlowRun(id: try UUID(validating: request.id)) else {
        throw RPCError.notFound("Flow run not found")
      }
      return Baton_V1_DeleteFlowRunResponse()
    }
  }

  public func setFlowRunState(
    request: Baton_V1_SetFlowRunStateRequest, context: ServerContext
  ) async throws -> Baton_V1_OrchestrationResult {
    try await environment.answering(context) {
      let proposal = try StateProposal(validating: request, now: environment.clock())
      let orchestration = try await environment.store.setFlowRunState(id: proposal.runID, to: proposal.state)
      if let parentTaskRun = orchestration.parentTaskRun { environment.didCommit(parentTaskRun) }
      return Baton_V1_OrchestrationResult(orchestration)
    }
  }
}
