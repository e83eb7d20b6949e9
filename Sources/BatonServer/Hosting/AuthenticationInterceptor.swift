import GRPCCore

/// Admits a call only when its `authorization` metadata is `Bearer <token>`; anything else is
/// UNAUTHENTICATED before the handler runs. Calls to the `exempt` services (health, and
/// reflection when it is public) need no token.
public struct AuthenticationInterceptor: ServerInterceptor {
  private let expected: [UInt8]
  private let exempt: Set<String>

  public init(token: String, exemptServices: Set<String>) {
    self.expected = Array(token.utf8)
    self.exempt = exemptServices
  }

  public func intercept<Input: Sendable, Output: Sendable>(
    request: StreamingServerRequest<Input>,
    context: ServerContext,
    next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
  ) async throws -> StreamingServerResponse<Output> {
    if !self.exempt.contains(context.descriptor.service.fullyQualifiedService) {
      let presented = request.metadata[stringValues: "authorization"].first(where: { _ in true })
      guard let presented, let token = Self.bearerToken(presented),
        Self.constantTimeEquals(Array(token.utf8), self.expected)
      else {
        // Prefect's texts, then how to send the token.
        throw RPCError(
          code: .unauthenticated,
          message: (presented == nil ? "Auth required but no token provided" : "Invalid token")
            + ": send the metadata 'authorization: Bearer <token>'.")
      }
    }
    return try await next(request, context)
  }

  /// The token of `Bearer <token>`; the scheme's case does not matter (RFC 9110 §11.1).
  static func bearerToken(_ credentials: String) -> Substring? {
    let scheme = "bearer "
    guard credentials.utf8.count > scheme.utf8.count, credentials.prefix(scheme.count).lowercased() == scheme else {
      return nil
    }
    return credentials.dropFirst(scheme.count)
  }

  /// Compares without an early exit, so the time taken does not reveal how much of a guess
  /// was right.
  static func constantTimeEquals(_ presented: [UInt8], _ expected: [UInt8]) -> Bool {
    var difference = UInt8(truncatingIfNeeded: presented.count ^ expected.count)
    for index in expected.indices {
      let byte = index < presented.count ? presented[index] : 0
      difference |= byte ^ expected[index]
    }
    return difference == 0
  }
}
