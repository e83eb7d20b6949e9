import BatonProto
import Synchronization

/// The serving statuses a ``HealthService`` reports, and the watchers waiting for changes.
final class HealthStatuses: Sendable {
  typealias ServingStatus = Grpc_Health_V1_HealthCheckResponse.ServingStatus

  private struct State {
    var statuses: [String: ServingStatus] = [:]
    var watchers: [Int: (service: String, continuation: AsyncStream<ServingStatus>.Continuation)] = [:]
    var nextID = 0
    var shutDown = false
  }

  private let state = Mutex(State())

  func status(of service: String) -> ServingStatus? {
    self.state.withLock { $0.statuses[service] }
  }

  func set(_ status: ServingStatus, for service: String) {
    let watchers = self.state.withLock { state -> [AsyncStream<ServingStatus>.Continuation] in
      guard !state.shutDown, state.statuses[service] != status else { return [] }
      state.statuses[service] = status
      return state.watchers.values.filter { $0.service == service }.map(\.continuation)
    }
    for watcher in watchers { watcher.yield(status) }
  }

  func enterShutdown() {
    let updates = self.state.withLock { state -> [(AsyncStream<ServingStatus>.Continuation, ServingStatus)] in
      guard !state.shutDown else { return [] }
      state.shutDown = true
      for service in state.statuses.keys { state.statuses[service] = .notServing }
      return state.watchers.values.map { ($0.continuation, state.statuses[$0.service] ?? .serviceUnknown) }
    }
    // Nothing changes any more: each watch gets its last status and ends, so that it does not
    // hold the shutdown for the transport's grace period.
    for (watcher, status) in updates {
      watcher.yield(status)
      watcher.finish()
    }
  }

  /// A stream that starts with the current status (SERVICE_UNKNOWN if none) and then has
  /// each change until shutdown, which ends it; only the latest status is kept for a slow
  /// watcher.
  func watch(_ service: String) -> (AsyncStream<ServingStatus>, Int) {
    let (stream, continuation) = AsyncStream.makeStream(of: ServingStatus.self, bufferingPolicy: .bufferingNewest(1))
    let id = self.state.withLock { state in
      defer { state.nextID += 1 }
      continuation.yield(state.statuses[service] ?? .serviceUnknown)
      if state.shutDown {
        continuation.finish()
      } else {
        state.watchers[state.nextID] = (service, continuation)
      }
      return state.nextID
    }
    return (stream, id)
  }

  func unwatch(_ id: Int) {
    let continuation = self.state.withLock { $0.watchers.removeValue(forKey: id)?.continuation }
    continuation?.finish()
  }
}
