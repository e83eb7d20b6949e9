import BatonServer
import Foundation
import GRPCCore
import GRPCNghttp2
import InteropProtoC

/// A test-only gRPC server for the public interop test cases: `grpc.testing.TestService`
/// with health and reflection, on 127.0.0.1.
///
///     baton-interop-server [--port N] [--idle-timeout SECONDS]
///
/// It prints `listening on 127.0.0.1:PORT` once it listens (with `--port 0` the port is
/// chosen), and stops by itself on SIGTERM or SIGINT, or after `--idle-timeout` seconds
/// (default 300) without a call, so a test that forgets it cannot leave it running.
@main
struct InteropServer {
  static func main() async throws {
    let options: Options
    do {
      options = try Options(arguments: Array(CommandLine.arguments.dropFirst()))
    } catch {
      print("baton-interop-server: \(error)\nusage: baton-interop-server [--port N] [--idle-timeout SECONDS]")
      exit(2)
    }

    let health = HealthService()
    let testService = "grpc.testing.TestService"
    health.setStatus(.serving, forService: testService)
    let reflection = try ReflectionService(
      descriptorSets: [BatonDescriptorSet.bytes, Self.interopDescriptorSet],
      serviceNames: [testService, "grpc.health.v1.Health"]
    )

    var config = Nghttp2ServerTransport.Config()
    config.shutdownGracePeriod = .seconds(5)
    let transport = Nghttp2ServerTransport(host: "127.0.0.1", port: options.port, config: config)
    transport.whenShuttingDown { health.enterShutdown() }

    let activity = ActivityInterceptor()
    let server = GRPCServer(
      transport: transport,
      services: [InteropTestService(maxResponseBytes: config.maxSendMessageBytes), health] + reflection.services,
      interceptors: [activity]
    )

    try await withThrowingDiscardingTaskGroup { group in
      group.addTask { try await server.serve() }
      let port = try await transport.listeningPort
      print("listening on 127.0.0.1:\(port)")
      fflush(nil)

      group.addTask {
        let reason = await Self.waitForStop(idleTimeout: options.idleTimeout, activity: activity)
        print("stopping: \(reason)")
        fflush(nil)
        server.beginGracefulShutdown()
      }
    }
  }

  /// Returns when a stop signal arrives or the server has been idle for `idleTimeout`.
  private static func waitForStop(idleTimeout: Duration, activity: ActivityInterceptor) async -> String {
    await withTaskGroup(of: String.self) { group in
      group.addTask {
        for await signal in SignalStream.watching([SIGTERM, SIGINT]) {
          return "signal \(signal)"
        }
        return "cancelled"
      }
      group.addTask {
        while !Task.isCancelled {
          try? await Task.sleep(for: .milliseconds(250))
          if activity.idleTime() >= idleTimeout {
            return "idle for \(idleTimeout)"
          }
        }
        return "cancelled"
      }
      let reason = await group.next() ?? "unknown"
      group.cancelAll()
      return reason
    }
  }

  private static var interopDescriptorSet: [UInt8] {
    guard let base = interop_descriptor_set_bytes() else { return [] }
    return Array(UnsafeBufferPointer(start: base, count: interop_descriptor_set_size()))
  }
}

/// The command line.
struct Options {
  var port = 0
  var idleTimeout: Duration = .seconds(300)

  struct UsageError: Error, CustomStringConvertible {
    var description: String
  }

  init(arguments: [String]) throws {
    var iterator = arguments.makeIterator()
    while let argument = iterator.next() {
      let (name, inlineValue) = Self.split(argument)
      func value() throws -> String {
        guard let value = inlineValue ?? iterator.next() else { throw UsageError(description: "\(name) needs a value") }
        return value
      }
      switch name {
      case "--port":
        guard let port = Int(try value()), (0...65535).contains(port) else {
          throw UsageError(description: "--port must be a number from 0 to 65535")
        }
        self.port = port
      case "--idle-timeout":
        guard let seconds = Double(try value()), seconds > 0 else {
          throw UsageError(description: "--idle-timeout must be a positive number of seconds")
        }
        self.idleTimeout = .milliseconds(Int64(seconds * 1000))
      case "--use_tls":
        guard try value() == "false" else { throw UsageError(description: "TLS is not supported") }
      default:
        throw UsageError(description: "unknown argument \(argument)")
      }
    }
  }

  private static func split(_ argument: String) -> (String, String?) {
    guard let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
    return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
  }
}
