import ArgumentParser
import BatonClient
import BatonServer
import GRPCCore

/// Where the client commands find the server: the options every one of them shares.
struct ConnectionOptions: ParsableArguments {
  @Option(help: "Address of the server. [env: BATON_HOST] (default: 127.0.0.1)")
  var host: String?

  @Option(help: "Port of the server. [env: BATON_PORT] (default: \(ServerConfiguration.defaultPort))")
  var port: Int?

  @Option(help: "Token the server was started with; sent as 'authorization: Bearer <token>'. [env: BATON_AUTH_TOKEN]")
  var authToken: String?

  /// Connects, runs `body`, and turns a failed call into its message on stderr and its exit
  /// code (see ``RPCErrorExit``).
  func connect<Result: Sendable>(_ body: (BatonConnection) async throws -> Result) async throws -> Result {
    let fallback = EnvironmentFallback()
    let host = fallback.string(host, "BATON_HOST") ?? "127.0.0.1"
    let port = try fallback.port(port) ?? ServerConfiguration.defaultPort
    do {
      return try await BatonConnection.with(host: host, port: port, authToken: fallback.token(authToken), body)
    } catch let error as RPCError {
      throw RPCErrorExit.report(error)
    }
  }
}
