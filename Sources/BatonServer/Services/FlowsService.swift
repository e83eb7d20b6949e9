import BatonProto
import BatonStore
import Foundation
import GRPCCore

/// `baton.v1.Flows`: the flows task runs' flow runs belong to.
public struct FlowsService: Baton_V1_Flows.SimpleServiceProtocol {
  private let environment: ServiceEnvironment

  public init(environment: ServiceEnvironment) {
    self.environment = environment
  }

  public func createFlow(
    request: Baton_V1_CreateFlowRequest, context: ServerContext
  ) async throws -> Baton_V1_CreateFlowResponse {
    try await environment.answering(context) {
      let create = try FlowCreate(validating: request)
      return Baton_V1_CreateFlowResponse(try await environment.store.createFlow(create))
    }
  }

  public func readFlow(request: Baton_V1_ReadFlowRequest, context: ServerContext) async throws -> Baton_V1_Flow {
    try await environment.answering(context) {
      guard let flow = try await environment.store.readFlow(id: try UUID(validating: request.id)) else {
        throw RPCError.notFound("Flow not found")
      }
      return Baton_V1_Flow(flow)
    }
  }

  public func readFlows(
    request: Baton_V1_ReadFlowsRequest, context: ServerContext
  ) async throws -> Baton_V1_ReadFlowsResponse {
    try await environment.answering(context) {
      let query = try FlowListQuery(validating: request)
      return Baton_V1_ReadFlowsResponse(
        try await environment.store.readFlows(query.filter, limit: query.limit, offset: query.offset))
    }
  }

  public func deleteFlow(
    request: Baton_V1_DeleteFlowRequest, context: ServerContext
  ) async throws -> Baton_V1_DeleteFlowResponse {
    try await environment.answering(context) {
      guard try await environment.store.deleteFlow(id: try UUID(validating: request.id)) else {
        throw RPCError.notFound("Flow not found")
      }
      return Baton_V1_DeleteFlowResponse()
    }
  }
}
