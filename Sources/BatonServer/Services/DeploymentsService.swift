import BatonProto
import BatonStore
import Foundation
import GRPCCore

/// `baton.v1.Deployments`: what the deployment filters of the task-run queries refer to.
public struct DeploymentsService: Baton_V1_Deployments.SimpleServiceProtocol {
  private let environment: ServiceEnvironment

  public init(environment: ServiceEnvironment) {
    self.environment = environment
  }

  public func createDeployment(
    request: Baton_V1_CreateDeploymentRequest, context: ServerContext
  ) async throws -> Baton_V1_CreateDeploymentResponse {
    try await environment.answering(context) {
      let create = try DeploymentCreate(validating: request)
      return Baton_V1_CreateDeploymentResponse(try await environment.store.createDeployment(create))
    }
  }

  public func readDeployment(
    request: Baton_V1_ReadDeploymentRequest, context: ServerContext
  ) async throws -> Baton_V1_Deployment {
    try await environment.answering(context) {
      guard let deployment = try await environment.store.readDeployment(id: try UUID(validating: request.id)) else {
        throw RPCError.notFound("Deployment not found")
      }
      return Baton_V1_Deployment(deployment)
    }
  }

  public func readDeployments(
    request: Baton_V1_ReadDeploymentsRequest, context: ServerContext
  ) async throws -> Baton_V1_ReadDeploymentsResponse {
    try await environment.answering(context) {
      let query = try DeploymentListQuery(validating: request)
      let deployments = try await environment.store.readDeployments(
        flows: query.flows, deployments: query.deployments, limit: query.limit, offset: query.offset)
      return Baton_V1_ReadDeploymentsResponse(deployments)
    }
  }

  public func updateDeployment(
    request: Baton_V1_UpdateDeploymentRequest, context: ServerContext
  ) async throws -> Baton_V1_UpdateDeploymentResponse {
    try await environment.answering(context) {
      let change = try DeploymentChange(validating: request)
      guard try await environment.store.updateDeployment(id: change.id, change.update) else {
        throw RPCError.notFound("Deployment not found")
      }
      return Baton_V1_UpdateDeploymentResponse()
    }
  }

  public func deleteDeployment(
    request: Baton_V1_DeleteDeploymentRequest, context: ServerContext
  ) async throws -> Baton_V1_DeleteDeploymentResponse {
    try await environment.answering(context) {
      guard try await environment.store.deleteDeployment(id: try UUID(validating: request.id)) else {
        throw RPCError.notFound("Deployment not found")
      }
      return Baton_V1_DeleteDeploymentResponse()
    }
  }
}
