import BatonProto
import GRPCCore
import GRPCNghttp2

/// A connection to a Baton server and the typed clients of its services, for Swift users and
/// the `baton` client commands.
///
/// ```swift
/// try await BatonConnection.with(host: "127.0.0.1", port: 50051) { baton in
///   let run = try await baton.taskRuns.readTaskRun(.with { $0.id = id })
/// }
/// ```
public struct BatonConnection: Sendable {
  public let taskRuns: Baton_V1_TaskRuns.Client<Nghttp2ClientTransport>
  public let taskWorkers: Baton_V1_TaskWorkers.Client<Nghttp2ClientTransport>
  public let flows: Baton_V1_Flows.Client<Nghttp2ClientTransport>
  public let flowRuns: Baton_V1_FlowRuns.Client<Nghttp2ClientTransport>
  public let deployments: Baton_V1_Deployments.Client<Nghttp2ClientTransport>
  public let logs: Baton_V1_Logs.Client<Nghttp2ClientTransport>
  public let concurrencyLimits: Baton_V1_ConcurrencyLimits.Client<Nghttp2ClientTransport>

  init(client: GRPCClient<Nghttp2ClientTransport>) {
    self.taskRuns = .init(wrapping: client)
    self.taskWorkers = .init(wrapping: client)
    self.flows = .init(wrapping: client)
    self.flowRuns = .init(wrapping: client)
    self.deployments = .init(wrapping: client)
    self.logs = .init(wrapping: client)
    self.concurrencyLimits = .init(wrapping: client)
  }

  /// Connects, runs `body` with the clients, and closes the connection when it returns.
  ///
  /// - Parameter authToken: Sent as `authorization: Bearer <token>` on every call.
  public static func with<Result: Sendable>(
    host: String, port: Int, authToken: String? = nil,
    _ body: (BatonConnection) async throws -> Result
  ) async throws -> Result {
    let interceptors: [any ClientInterceptor] = authToken.map { [BearerTokenInterceptor(token: $0)] } ?? []
    return try await withGRPCClient(
      transport: Nghttp2ClientTransport(host: host, port: port), interceptors: interceptors
    ) { client in
      try await body(BatonConnection(client: client))
    }
  }
}

/// Adds `authorization: Bearer <token>` to every call.
public struct BearerTokenInterceptor: ClientInterceptor {
  private let value: String

  public init(token: String) {
    self.value = "Bearer \(token)"
  }

  public func intercept<Input: Sendable, Output: Sendable>(
    request: StreamingClientRequest<Input>,
    context: ClientContext,
    next: (StreamingClientRequest<Input>, ClientContext) async throws -> StreamingClientResponse<Output>
  ) async throws -> StreamingClientResponse<Output> {
    var request = request
    request.metadata.replaceOrAddString(self.value, forKey: "authorization")
    return try await next(request, context)
  }
}
