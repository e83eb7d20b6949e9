import GRPCCore
import Synchronization

/// Records when calls start and end, so the server can tell how long it has been idle.
final class ActivityInterceptor: ServerInterceptor {
  private struct State {
    var inFlight = 0
    var lastActivity = ContinuousClock.now
  }

  private let state = Mutex(State())

  /// How long no call has been running; zero while one is.
  func idleTime() -> Duration {
    self.state.withLock { state in
      state.inFlight > 0 ? .zero : ContinuousClock.now - state.lastActivity
    }
  }

  func intercept<Input: Sendable, Output: Sendable>(
    request: StreamingServerRequest<Input>,
    context: ServerContext,
    next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
  ) async throws -> StreamingServerResponse<Output> {
    self.begin()
    var response: StreamingServerResponse<Output>
    do {
      response = try await next(request, context)
    } catch {
      self.end()
      throw error
    }
    switch response.accepted {
    case .success(var contents):
      let producer = contents.producer
      contents.producer = { writer in
        defer { self.end() }
        return try await producer(writer)
      }
      response.accepted = .success(contents)
    case .failure:
      self.end()
    }
    return response
  }

  private func begin() {
    self.state.withLock { state in
      state.inFlight += 1
      state.lastActivity = .now
    }
  }

  private func end() {
    self.state.withLock { state in
      state.inFlight -= 1
      state.lastActivity = .now
    }
  }
}
