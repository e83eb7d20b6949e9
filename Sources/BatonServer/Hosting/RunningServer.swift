import BatonProto
import BatonStore
import Foundation
import GRPCCore
import GRPCNghttp2
import Logging

/// A Baton server that is up: the store open, every service registered, the transport
/// listening. ``start(_:logger:)`` returns once calls can be made; ``stop()`` drains it.
///
/// ```swift
/// let server = try await RunningServer.start(configuration, logger: logger)
/// print("listening on \(server.host):\(server.port)")
/// …
/// await server.stop()
/// ```
public final class RunningServer: Sendable {
  /// The services this server answers, as health and reflection name them.
  public static let serviceNames = [
    Baton_V1_TaskRuns.descriptor, Baton_V1_TaskWorkers.descriptor, Baton_V1_Flows.descriptor, Baton_V1_FlowRuns.descriptor,
    Baton_V1_Deployments.descriptor, Baton_V1_Logs.descriptor, Baton_V1_ConcurrencyLimits.descriptor,
    Grpc_Health_V1_Health.descriptor,
  ].map(\.fullyQualifiedService)

  public let host: String
  /// The port it listens on (the chosen one when the configuration asked for 0).
  public let port: Int
  public let store: SQLiteStore
  private let server: GRPCServer<Nghttp2ServerTransport>
  private let serving: Task<Void, any Error>
  private let sweeping: Task<Void, Never>
  private let lock: DatabaseLock
  private let logger: Logger

  private init(
    host: String, port: Int, store: SQLiteStore, lock: DatabaseLock, server: GRPCServer<Nghttp2ServerTransport>,
    serving: Task<Void, any Error>, sweeping: Task<Void, Never>, logger: Logger
  ) {
    self.host = host
    self.port = port
    self.store = store
    self.lock = lock
    self.server = server
    self.serving = serving
    self.sweeping = sweeping
    self.logger = logger
  }

  /// Claims the database (no other server may use it), opens it (creating and migrating)
  /// and starts listening.
  public static func start(_ configuration: ServerConfiguration, logger: Logger) async throws -> RunningServer {
    try Self.createFolder(containing: configuration.databasePath)
    let lock = try DatabaseLock.acquire(forDatabaseAt: configuration.databasePath)
    let store: SQLiteStore
    do {
      store = try await SQLiteStore.open(path: configuration.databasePath, configuration: configuration.store)
    } catch {
      lock.release()
      throw error
    }
    do {
      let environment = ServiceEnvironment(
        store: store, taskRunQueue: TaskRunQueue(capacity: configuration.taskRunQueueCapacity),
        taskRunEvents: TaskRunEventHub(
          capacity: configuration.watchCapacity, byteCapacity: configuration.watchByteCapacity),
        settings: configuration.store.orchestration, clock: configuration.store.clock, logger: logger)
      let sweeper = ScheduledRunSweeper(store: store, queue: environment.taskRunQueue, logger: logger)
      let restored = try await sweeper.restoreAll()
      if restored > 0 { logger.info("Queued background task runs for task workers", metadata: ["runs": "\(restored)"]) }
      let health = HealthService()
      for name in serviceNames { health.setStatus(.serving, forService: name) }
      let reflection = try ReflectionService(descriptorSets: [BatonDescriptorSet.bytes], serviceNames: serviceNames)
      let services: [any RegistrableRPCService] =
        [
          TaskRunsService(environment: environment), TaskWorkersService(environment: environment),
          FlowsService(environment: environment),
          FlowRunsService(environment: environment), DeploymentsService(environment: environment),
          LogsService(environment: environment), ConcurrencyLimitsService(environment: environment), health,
        ] + reflection.services

      let transport = Nghttp2ServerTransport(
        host: configuration.host, port: configuration.port, config: configuration.transport)
      transport.whenShuttingDown {
        health.enterShutdown()
        environment.shutdown.announce()
      }
      let server = GRPCServer(
        transport: transport, services: services, interceptors: Self.interceptors(for: configuration))
      let serving = Task { try await server.serve() }
      let port: Int
      do {
        port = try await transport.listeningPort
      } catch {
        serving.cancel()
        _ = await serving.result
        throw error
      }
      let sweeping = Task { await sweeper.run() }
      return RunningServer(
        host: configuration.host, port: port, store: store, lock: lock, server: server, serving: serving,
        sweeping: sweeping, logger: logger)
    } catch {
      await store.close()
      lock.release()
      throw error
    }
  }

  /// Health turns NOT_SERVING (and its watches end), clients get GOAWAY, task-worker
  /// subscriptions and watches end with UNAVAILABLE, other calls in flight finish (within the
  /// transport's grace period), then the database closes.
  public func stop() async {
    self.server.beginGracefulShutdown()
    self.sweeping.cancel()
    if case .failure(let error) = await self.serving.result {
      self.logger.error("The server stopped with an error", metadata: ["error": "\(error)"])
    }
    await self.store.close()
    self.lock.release()
    let writes = self.store.writerStatistics
    self.logger.info(
      "The database is closed",
      metadata: [
        "transactions": "\(writes.transactions)", "writes": "\(writes.requests)",
        "writer_busy": "\(writes.busyTime)", "committing": "\(writes.commitTime)",
      ])
  }

  private static func interceptors(for configuration: ServerConfiguration) -> [any ServerInterceptor] {
    guard let token = configuration.authToken else { return [] }
    var exempt: Set = [Grpc_Health_V1_Health.descriptor.fullyQualifiedService]
    if configuration.publicReflection {
      exempt.formUnion([ReflectionService.v1ServiceName, ReflectionService.v1alphaServiceName])
    }
    return [AuthenticationInterceptor(token: token, exemptServices: exempt)]
  }

  private static func createFolder(containing path: String) throws {
    let folder = URL(filePath: path).deletingLastPathComponent()
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  }
}
