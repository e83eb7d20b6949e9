import BatonClient
import BatonServer
import BatonStore
import Foundation
import Logging
import Synchronization
import Testing

/// The end-to-end tests: each starts a real server on a loopback port over a fresh database
/// and talks to it through `BatonConnection`, as a client program would.
@Suite enum EndToEnd {
  /// 2030-01-01T00:00:00Z: where stopped clocks start, and a base for fixed schedules.
  static let newYear2030 = Date(timeIntervalSince1970: 1_893_456_000)
}

/// The server clock of an end-to-end test: the wall clock, or a clock stopped at a chosen
/// instant, moved forward on demand so that scheduled times and retry delays pass without
/// sleeping.
final class ServerClock: Sendable {
  /// The stopped clock's instant; `nil` follows the wall clock.
  private let start: Date?
  private let offset = Mutex<TimeInterval>(0)

  /// - Parameter start: Stops the clock there, so that durations the server computes are exact.
  init(stoppedAt start: Date? = nil) {
    self.start = start
  }

  var now: Date {
    (start ?? Date()) + offset.withLock { $0 }
  }

  func advance(by seconds: TimeInterval) {
    offset.withLock { $0 += seconds }
  }
}

/// Starts a server on 127.0.0.1 with a free port and a database in a new temporary folder,
/// connects to it, and runs `body`; the server is stopped and the folder removed however
/// `body` ends.
///
/// - Parameter configure: Changes the server's configuration first (a test that restarts a
///   server on one database sets `databasePath` to a file it owns).
@discardableResult
func withBatonServer<Result: Sendable>(
  clock: ServerClock = ServerClock(),
  configure: (inout ServerConfiguration) -> Void = { _ in },
  _ body: (BatonConnection, RunningServer) async throws -> Result
) async throws -> Result {
  let folder = FileManager.default.temporaryDirectory.appending(path: "baton-e2e-\(UUID().uuidString)")
  defer { try? FileManager.default.removeItem(at: folder) }
  var logger = Logger(label: "baton.e2e")
  // Internal errors are logged at error level; anything quieter is noise here.
  logger.logLevel = .error
  var configuration = ServerConfiguration(
    port: 0, databasePath: folder.appending(path: "baton.db").path(percentEncoded: false),
    store: SQLiteStoreConfiguration(clock: { clock.now }))
  configure(&configuration)
  let server = try await RunningServer.start(configuration, logger: logger)
  do {
    let result = try await BatonConnection.with(host: "127.0.0.1", port: server.port) { baton in
      try await body(baton, server)
    }
    await server.stop()
    return result
  } catch {
    await server.stop()
    throw error
  }
}
