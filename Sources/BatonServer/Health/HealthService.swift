import BatonProto
import GRPCCore
import Synchronization

/// `grpc.health.v1.Health`: the serving status of the server (service name "") and of each
/// named service, with `Check` for a snapshot and `Watch` for a stream of changes.
///
/// Statuses are set by the server's owner; ``enterShutdown()`` turns every status to
/// NOT_SERVING for good, so load balancers drain the server while in-flight calls finish, and
/// ends every watch once it has sent that.
public final class HealthService: Grpc_Health_V1_Health.ServiceProtocol, Sendable {
  public typealias ServingStatus = Grpc_Health_V1_HealthCheckResponse.ServingStatus

  private let statuses = HealthStatuses()

  public init() {
    self.statuses.set(.serving, for: "")
  }

  /// Sets the status of `service` ("" is the whole server) and tells its watchers.
  public func setStatus(_ status: ServingStatus, forService service: String) {
    self.statuses.set(status, for: service)
  }

  /// Every service becomes NOT_SERVING, and later ``setStatus(_:forService:)`` calls are
  /// ignored: the server is going away.
  public func enterShutdown() {
    self.statuses.enterShutdown()
  }

  public func check(
    request: ServerRequest<Grpc_Health_V1_HealthCheckRequest>,
    context: ServerContext
  ) async throws -> ServerResponse<Grpc_Health_V1_HealthCheckResponse> {
    let service = request.message.service
    guard let status = self.statuses.status(of: service) else {
      throw RPCError(code: .notFound, message: "Unknown service '\(service)'.")
    }
    var response = Grpc_Health_V1_HealthCheckResponse()
    response.status = status
    return ServerResponse(message: response)
  }

  public func watch(
    request: ServerRequest<Grpc_Health_V1_HealthCheckRequest>,
    context: ServerContext
  ) async throws -> StreamingServerResponse<Grpc_Health_V1_HealthCheckResponse> {
    let service = request.message.service
    return StreamingServerResponse { writer in
      let (updates, id) = self.statuses.watch(service)
      defer { self.statuses.unwatch(id) }
      try await withRPCCancellationHandler {
        // The stream ends at shutdown or when the client cancels: the iteration then returns nil.
        for await status in updates {
          var response = Grpc_Health_V1_HealthCheckResponse()
          response.status = status
          try await writer.write(response)
        }
      } onCancelRPC: {
        self.statuses.unwatch(id)
      }
      return [:]
    }
  }
}
