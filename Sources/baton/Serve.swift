import ArgumentParser
import BatonServer
import CMalloc
import Foundation
import Logging

/// `baton serve`: runs the server until SIGINT or SIGTERM.
struct Serve: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Serve the task-run API over gRPC on an embedded SQLite database.",
    discussion: """
      Each option can also come from its environment variable; the command line wins. \
      The server prints 'listening on HOST:PORT' once it accepts calls, and on SIGINT or \
      SIGTERM it reports NOT_SERVING, lets calls in flight finish and closes the database.
      """
  )

  @Option(help: "Address to listen on. [env: BATON_HOST] (default: 127.0.0.1)")
  var host: String?

  @Option(help: "Port to listen on; 0 picks a free one. [env: BATON_PORT] (default: \(ServerConfiguration.defaultPort))")
  var port: Int?

  @Option(help: "SQLite database file, created on first start. [env: BATON_DATABASE] (default: ~/.baton/baton.db)")
  var database: String?

  @Option(help: "trace, debug, info, notice, warning, error or critical. [env: BATON_LOG_LEVEL] (default: info)")
  var logLevel: String?

  @Option(help: "Require 'authorization: Bearer <token>' on every call but health. [env: BATON_AUTH_TOKEN]")
  var authToken: String?

  @Flag(help: "Answer reflection without a token when --auth-token is set. [env: BATON_PUBLIC_REFLECTION=1|true|yes]")
  var publicReflection = false

  @OptionGroup var stop: StopOptions

  func run() async throws {
    Self.returnLargeBuffersToTheSystem()
    let stopWatch = stop.watch()
    let environment = ProcessInfo.processInfo.environment
    let levelName = logLevel ?? environment["BATON_LOG_LEVEL"] ?? "info"
    guard let level = Logger.Level(rawValue: levelName.lowercased()) else {
      throw ValidationError(
        "\(logLevel == nil ? "BATON_LOG_LEVEL" : "--log-level") must be one of "
          + "\(Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")), not '\(levelName)'.")
    }
    let configuration = try self.configuration(environment: environment)
    LoggingSystem.bootstrap { label in
      var handler = StreamLogHandler.standardError(label: label)
      handler.logLevel = level
      return handler
    }
    let logger = Logger(label: "baton")

    let server: RunningServer
    do {
      server = try await RunningServer.start(configuration, logger: logger)
    } catch {
      logger.critical("Baton could not start", metadata: ["error": "\(error)"])
      throw ExitCode.failure
    }
    print("listening on \(server.host):\(server.port)")
    fflush(nil)
    logger.info(
      "Serving baton.v1", metadata: ["address": "\(server.host):\(server.port)", "database": "\(server.store.path)"])

    let reason = await stopWatch.wait()
    logger.info("Stopping", metadata: ["reason": "\(reason)"])
    await server.stop()
    logger.info("Stopped")
  }

  /// Buffers of 256 KiB and more — large messages — get mappings of their own, which go back
  /// to the system when freed. By default glibc raises that threshold after the first such
  /// free and keeps later large buffers in its arenas, so a burst of big messages left the
  /// server holding their memory (1.6 GB after hours of fuzzing, 345 MB once trimmed).
  private static func returnLargeBuffersToTheSystem() {
    _ = cmalloc_set_mmap_threshold(256 * 1024)
  }

  private func configuration(environment: [String: String]) throws -> ServerConfiguration {
    let fallback = EnvironmentFallback(variables: environment)
    var configuration = ServerConfiguration()
    if let host = fallback.string(host, "BATON_HOST") { configuration.host = host }
    if let port = try fallback.port(port) { configuration.port = port }
    if let database = fallback.path(database, "BATON_DATABASE") { configuration.databasePath = database }
    guard authToken != "" else {
      throw ValidationError("--auth-token must not be empty; leave it out to serve without authentication.")
    }
    configuration.authToken = fallback.token(authToken)
    configuration.publicReflection = try fallback.flag(publicReflection, "BATON_PUBLIC_REFLECTION")
    return configuration
  }
}
