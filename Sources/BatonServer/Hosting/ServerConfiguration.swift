import BatonStore
import Foundation
import GRPCNghttp2

/// Everything `baton serve` can be told: where to listen, which database, who may call.
public struct ServerConfiguration: Sendable {
  /// The address to listen on; loopback unless the server is meant to be reachable.
  public var host: String
  /// The port; 0 picks a free one.
  public var port: Int
  /// The SQLite file, created with its folder on first start.
  public var databasePath: String
  /// When set, every call but health (and reflection, when public) needs
  /// `authorization: Bearer <token>`.
  public var authToken: String?
  /// Reflection answers without a token even when `authToken` is set.
  public var publicReflection: Bool
  public var store: SQLiteStoreConfiguration
  /// How many background runs wait per task key before the rest wait in the database only.
  public var taskRunQueueCapacity: TaskRunQueue.Capacity
  /// How many state changes a `WatchTaskRuns` stream may fall behind before it is closed.
  public var watchCapacity: Int
  /// About how many bytes of state changes a `WatchTaskRuns` stream may fall behind before it
  /// is closed.
  public var watchByteCapacity: Int
  public var transport: Nghttp2ServerTransport.Config

  public static let defaultPort = 50051

  /// `~/.baton/baton.db`, next to where Prefect keeps `~/.prefect/prefect.db`.
  public static var defaultDatabasePath: String {
    expandingTilde(in: "~/.baton/baton.db")
  }

  /// `path` with a leading `~` as the home directory: `$HOME` as the shell has it
  /// (Foundation's home directory ignores `$HOME` on Linux), else the user's.
  public static func expandingTilde(
    in path: String, environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> String {
    guard path == "~" || path.hasPrefix("~/") else { return path }
    let home =
      environment["HOME"].flatMap { $0.isEmpty ? nil : URL(filePath: $0) } ?? FileManager.default.homeDirectoryForCurrentUser
    return (path == "~" ? home : home.appending(path: String(path.dropFirst(2)))).path(percentEncoded: false)
  }

  public init(
    host: String = "127.0.0.1", port: Int = ServerConfiguration.defaultPort,
    databasePath: String = ServerConfiguration.defaultDatabasePath, authToken: String? = nil,
    publicReflection: Bool = false, store: SQLiteStoreConfiguration = SQLiteStoreConfiguration(),
    taskRunQueueCapacity: TaskRunQueue.Capacity = TaskRunQueue.Capacity(), watchCapacity: Int = 1_000,
    watchByteCapacity: Int = 16 * 1024 * 1024, transport: Nghttp2ServerTransport.Config = .defaults
  ) {
    self.host = host
    self.port = port
    self.databasePath = databasePath
    self.authToken = authToken
    self.publicReflection = publicReflection
    self.store = store
    self.taskRunQueueCapacity = taskRunQueueCapacity
    self.watchCapacity = watchCapacity
    self.watchByteCapacity = watchByteCapacity
    self.transport = transport
  }
}
