import BatonClient
import Foundation

/// `baton-bench load`: the real gRPC client against a running `baton serve` — the one it
/// starts (on a free port and a fresh database) or `--target HOST:PORT` — with concurrent
/// callers repeating one call for a fixed time; per workload and concurrency it prints calls
/// per second, exact latency percentiles, errors, and the server's memory and CPU.
///
/// Options: `--seconds N` per measurement (default 5), `--runs N` task runs seeded for the
/// read workloads (default 100000, at least 500), `--workloads W1,W3` (default all),
/// `--callers 1,8,32` instead of each workload's own, `--connections shared|per-caller`
/// (default shared: every caller on one HTTP/2 connection), `--target HOST:PORT`,
/// `--auth-token TOKEN`, `--baton PATH` (default: `baton` next to this executable).
enum LoadBenchmark {
  static func run(arguments: [String]) async throws {
    let options = try Options(arguments)
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("baton-load-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }

    let server = try options.target == nil
      ? ServerProcess.start(baton: options.baton, directory: directory, stopAfter: 3 * 3_600) : nil
    defer { server?.stop() }
    let host = options.target?.host ?? server!.host
    let port = options.target?.port ?? server!.port

    print(
      "baton-bench load: \(host):\(port)"
        + (server.map { ", baton serve pid \($0.pid), database and log in \(directory.path)" } ?? "")
        + "\n\(ProcessInfo.processInfo.activeProcessorCount) cores, load average \(loadAverage())"
        + ", \(options.seconds) s per measurement, connections: \(options.connections.rawValue)")

    let connectionCount = options.connections == .shared ? 1 : options.largestCallerCount
    try await withConnections(connectionCount, host: host, port: port, authToken: options.authToken) { connections in
      let runner = LoadRunner(connections: connections, seconds: options.seconds, serverPID: server?.pid)
      let fixtures = try await Fixtures.create(on: connections[0], writers: options.largestCallerCount)
      let seed = try await options.workloads.contains(where: \.readsSeed)
        ? SeededRuns.create(options.runs, parents: fixtures, callers: 32, on: runner, server: server) : nil

      print("\n" + LoadRunner.header)
      for workload in Workload.runOrder where options.workloads.contains(workload) {
        for callers in options.callers ?? workload.defaultCallers {
          let operation = workload.operation(callers: callers, fixtures: fixtures, seed: seed)
          runner.report(workload.title, callers: callers, await runner.measure(callers: callers, operation))
          try server?.checkRunning()
        }
      }
    }
    print("\nload average \(loadAverage())")
  }

  /// Opens `count` connections (each with its own HTTP/2 session and socket) for `body`.
  private static func withConnections<Result: Sendable>(
    _ count: Int, host: String, port: Int, authToken: String?,
    _ body: ([BatonConnection]) async throws -> Result
  ) async throws -> Result {
    guard count > 0 else { return try await body([]) }
    return try await BatonConnection.with(host: host, port: port, authToken: authToken) { connection in
      try await withConnections(count - 1, host: host, port: port, authToken: authToken) { others in
        try await body([connection] + others)
      }
    }
  }

  private static func loadAverage() -> String {
    let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
    return text.split(separator: " ").prefix(3).joined(separator: " ")
  }

  // MARK: - Options

  enum ConnectionMode: String {
    case shared
    case perCaller = "per-caller"
  }

  struct Options {
    var seconds = 5.0
    var runs = 100_000
    var workloads = Set(Workload.allCases)
    var callers: [Int]?
    var connections = ConnectionMode.shared
    var target: (host: String, port: Int)?
    var authToken: String?
    var baton = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
      .appendingPathComponent("baton").path

    /// The most callers any measurement (or the seeding) runs at once.
    var largestCallerCount: Int {
      max(32, workloads.flatMap { callers ?? $0.defaultCallers }.max() ?? 0)
    }

    init(_ arguments: [String]) throws {
      var remaining = arguments[...]
      while let flag = remaining.popFirst() {
        let usage = BenchmarkError(
          (flag == "--help" ? "" : "bad option \(flag); ")
            + "usage: baton-bench load [--seconds N] [--runs N] [--workloads W1,W2,…] "
            + "[--callers N,…] [--connections shared|per-caller] [--target HOST:PORT] [--auth-token TOKEN] "
            + "[--baton PATH]")
        guard let value = remaining.popFirst() else { throw usage }
        switch flag {
        case "--seconds": seconds = try Double(value).orThrow(usage)
        case "--runs": runs = try Int(value).filter { $0 >= 500 }.orThrow(usage)
        case "--workloads":
          workloads = Set(try value.split(separator: ",").map { try Workload(rawValue: $0.uppercased()).orThrow(usage) })
        case "--callers": callers = try value.split(separator: ",").map { try Int($0).filter { $0 > 0 }.orThrow(usage) }
        case "--connections": connections = try ConnectionMode(rawValue: value).orThrow(usage)
        case "--target":
          let colon = try value.lastIndex(of: ":").orThrow(usage)
          target = (String(value[..<colon]), try Int(value[value.index(after: colon)...]).orThrow(usage))
        case "--auth-token": authToken = value
        case "--baton": baton = value
        default: throw usage
        }
      }
    }
  }
}

extension Optional {
  fileprivate func filter(_ isIncluded: (Wrapped) -> Bool) -> Wrapped? {
    flatMap { isIncluded($0) ? $0 : nil }
  }
}

/// Runs one workload's operation in concurrent caller loops for a fixed time and prints the
/// figures: throughput, exact latency percentiles, errors, server memory and CPU.
struct LoadRunner: Sendable {
  /// One caller's call: its connection, its number and how many calls it made before.
  typealias Operation = @Sendable (_ connection: BatonConnection, _ caller: Int, _ iteration: Int) async throws -> Void

  struct Measurement {
    var recorder: LatencyRecorder
    var elapsed: Duration
    var server: ProcessUsage?
    /// CPU cores busy on average during the measurement.
    var serverCores: Double?
    var benchCores: Double?
  }

  let connections: [BatonConnection]
  let seconds: Double
  let serverPID: Int32?

  /// Each caller repeats `operation` on connection `caller % connections.count` until the time is up.
  func measure(callers: Int, _ operation: @escaping Operation) async -> Measurement {
    await measure(callers: callers, until: .seconds(seconds), operation)
  }

  /// As ``measure(callers:_:)``, for `calls` calls in all whatever they take: caller `c`
  /// makes calls `c`, `c + callers`, `c + 2 · callers`… (its iteration `i` is call `c + i · callers`).
  func measure(callers: Int, calls: Int, _ operation: @escaping Operation) async -> Measurement {
    await measure(callers: callers, until: .calls(calls), operation)
  }

  private enum Limit {
    case seconds(Double)
    case calls(Int)

    func allows(_ call: Int, since start: ContinuousClock.Instant) -> Bool {
      switch self {
      case .seconds(let seconds): ContinuousClock.now - start < .seconds(seconds)
      case .calls(let calls): call < calls
      }
    }
  }

  private func measure(callers: Int, until limit: Limit, _ operation: @escaping Operation) async -> Measurement {
    let serverBefore = serverUsage()
    let benchBefore = ProcessUsage(pid: "self")
    let start = ContinuousClock.now
    let recorder = await withTaskGroup(of: LatencyRecorder.self) { group in
      for caller in 0..<callers {
        let connection = connections[caller % connections.count]
        group.addTask {
          var recorder = LatencyRecorder()
          var iteration = 0
          while limit.allows(caller + iteration * callers, since: start) {
            await recorder.record { try await operation(connection, caller, iteration) }
            iteration += 1
          }
          return recorder
        }
      }
      return await group.reduce(into: LatencyRecorder()) { $0.merge($1) }
    }
    let elapsed = ContinuousClock.now - start
    let serverAfter = serverUsage()
    let benchAfter = ProcessUsage(pid: "self")
    let cores = { (before: ProcessUsage?, after: ProcessUsage?) -> Double? in
      guard let before, let after else { return nil }
      return (after.cpuSeconds - before.cpuSeconds) / elapsed.seconds
    }
    return Measurement(
      recorder: recorder, elapsed: elapsed, server: serverAfter, serverCores: cores(serverBefore, serverAfter),
      benchCores: cores(benchBefore, benchAfter))
  }

  private func serverUsage() -> ProcessUsage? {
    serverPID.flatMap { ProcessUsage(pid: "\($0)") }
  }

  static let header = [
    "workload".padding(toLength: 34, withPad: " ", startingAt: 0), "callers", "ops".leftPadded(8), "ops/s".leftPadded(8),
    "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms", "errors", "RSS MB", "srv CPU", "bench CPU",
  ].map { $0.leftPadded(8) }.joined(separator: " ")

  func report(_ title: String, callers: Int, _ measurement: Measurement) {
    let latency = measurement.recorder.summary
    let ms = { (duration: Duration) in String(format: "%.2f", duration.seconds * 1_000).leftPadded(8) }
    let optional = { (value: Double?) in value.map { String(format: "%.1f", $0) } ?? "-" }
    let columns = [
      title.padding(toLength: 34, withPad: " ", startingAt: 0), "\(callers)".leftPadded(7), "\(latency.count)".leftPadded(8),
      "\(Int(Double(latency.count) / measurement.elapsed.seconds))".leftPadded(8),
      ms(latency.p50), ms(latency.p90), ms(latency.p99), ms(latency.p999), ms(latency.maximum),
      "\(measurement.recorder.errors)",
      optional(measurement.server.map { Double($0.residentBytes) / 1_048_576 }),
      optional(measurement.serverCores), optional(measurement.benchCores),
    ]
    print(columns.map { $0.leftPadded(8) }.joined(separator: " "))
    if let error = measurement.recorder.firstError {
      print("    first error: \(error)")
    }
    // Each row shows as soon as it is measured, also through a pipe.
    fflush(nil)
  }
}
