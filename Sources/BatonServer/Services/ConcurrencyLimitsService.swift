import BatonCore
import BatonProto
import BatonStore
import Foundation
import GRPCCore

/// `baton.v1.ConcurrencyLimits`: the tag limits whose slots task-run orchestration takes and
/// frees.
public struct ConcurrencyLimitsService: Baton_V1_ConcurrencyLimits.SimpleServiceProtocol {
  private let environment: ServiceEnvironment

  public init(environment: ServiceEnvironment) {
    self.environment = environment
  }

  public func createConcurrencyLimit(
    request: Baton_V1_CreateConcurrencyLimitRequest, context: ServerContext
  ) async throws -> Baton_V1_CreateConcurrencyLimitResponse {
    try await environment.answering(context) {
      let limit = try TagConcurrencyLimit(validating: request)
      return Baton_V1_CreateConcurrencyLimitResponse(
        try await environment.store.createConcurrencyLimit(tag: limit.tag, limit: limit.limit))
    }
  }

  public func readConcurrencyLimit(
    request: Baton_V1_ReadConcurrencyLimitRequest, context: ServerContext
  ) async throws -> Baton_V1_ConcurrencyLimit {
    try await environment.answering(context) {
      let id = try UUID(validating: request.id)
      guard let limit = try await environment.store.readConcurrencyLimit(id: id) else {
        throw RPCError.notFound("Concurrency limit not found")
      }
      return Baton_V1_ConcurrencyLimit(limit)
    }
  }

  public func readConcurrencyLimitByTag(
    request: Baton_V1_ReadConcurrencyLimitByTagRequest, context: ServerContext
  ) async throws -> Baton_V1_ConcurrencyLimit {
    try await environment.answering(context) {
      guard let limit = try await environment.store.readConcurrencyLimit(tag: request.tag) else {
        throw RPCError.notFound("Concurrency limit not found")
      }
      return Baton_V1_ConcurrencyLimit(limit)
    }
  }

  public func readConcurrencyLimits(
    request: Baton_V1_ReadConcurrencyLimitsRequest, context: ServerContext
  ) async throws -> Baton_V1_ReadConcurrencyLimitsResponse {
    try await environment.answering(context) {
      let query = try ConcurrencyLimitListQuery(validating: request)
      return Baton_V1_ReadConcurrencyLimitsResponse(
        try await environment.store.readConcurrencyLimits(limit: query.limit, offset: query.offset))
    }
  }

  public func deleteConcurrencyLimit(
    request: Baton_V1_DeleteConcurrencyLimitRequest, context: ServerContext
  ) async throws -> Baton_V1_DeleteConcurrencyLimitResponse {
    try await environment.answering(context) {
      guard try await environment.store.deleteConcurrencyLimit(id: try UUID(validating: request.id)) else {
        throw RPCError.notFound("Concurrency limit not found")
      }
      return Baton_V1_DeleteConcurrencyLimitResponse()
    }
  }

  public func deleteConcurrencyLimitByTag(
    request: Baton_V1_DeleteConcurrencyLimitByTagRequest, context: ServerContext
  ) async throws -> Baton_V1_DeleteConcurrencyLimitByTagResponse {
    try await environment.answering(context) {
      guard try await environment.store.deleteConcurrencyLimit(tag: request.tag) else {
        throw RPCError.notFound("Concurrency limit not found")
      }
      return Baton_V1_DeleteConcurrencyLimitByTagResponse()
    }
  }

  public func resetConcurrencyLimitByTag(
    request: Baton_V1_ResetConcurrencyLimitByTagRequest, context: ServerContext
  ) async throws -> Baton_V1_ResetConcurrencyLimitByTagResponse {
    try await environment.answering(context) {
      let reset = try ConcurrencySlotReset(validating: request)
      guard try await environment.store.resetConcurrencyLimit(tag: reset.tag, slots: reset.slots) else {
        throw RPCError.notFound("Concurrency limit not found")
      }
      return Baton_V1_ResetConcurrencyLimitByTagResponse()
    }
  }
}
