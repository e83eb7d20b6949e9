import ArgumentParser
import BatonServer
import Foundation

/// When a long-running command (`serve`, `worker`, `watch`) ends: on SIGINT or SIGTERM, or
/// after the hidden `--stop-after` seconds that tests use so that what they start always
/// ends.
struct StopOptions: ParsableArguments {
  @Option(help: .hidden)
  var stopAfter: Double?

  /// Starts listening for the signals; call it first thing, so that a signal that arrives
  /// while the command starts up is not lost.
  func watch() -> StopWatch {
    StopWatch(signals: SignalStream.watching([SIGINT, SIGTERM]), stopAfter: stopAfter)
  }
}

/// The signals a command listens for, and its deadline.
struct StopWatch: Sendable {
  let signals: AsyncStream<Int32>
  let stopAfter: Double?

  /// Returns the reason to stop.
  func wait() async -> String {
    await withTaskGroup(of: String.self) { group in
      group.addTask {
        for await signal in signals {
          return signal == SIGINT ? "SIGINT" : "SIGTERM"
        }
        return "cancelled"
      }
      if let stopAfter {
        group.addTask {
          try? await Task.sleep(for: .seconds(stopAfter))
          return "--stop-after \(stopAfter) s"
        }
      }
      let reason = await group.next() ?? "cancelled"
      group.cancelAll()
      return reason
    }
  }

  /// Runs `body` until it returns or a stop arrives, which cancels it.
  func running(_ body: @escaping @Sendable () async throws -> Void) async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { try await body() }
      group.addTask { _ = await wait() }
      defer { group.cancelAll() }
      try await group.next()
    }
  }
}
