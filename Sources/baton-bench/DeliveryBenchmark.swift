import BatonClient
import BatonProto
import Foundation
import GRPCCore
import Synchronization

/// `baton-bench deliveries`: background runs handed to task workers over
/// `SubscribeScheduledTaskRuns`, against a release `baton serve`.
///
/// - drain: runs queued before any worker subscribes, then N workers (one connection each,
///   acknowledging on receipt) take them all: deliveries per second, receipt to ack included.
/// - live: N workers subscribed first, while 16 callers create background runs as fast as
///   the server takes them: latency from the run's SCHEDULED state (stamped in the
///   transaction that commits it) to the worker receiving it.
enum DeliveryBenchmark {
  struct Options {
    var baton = ".build/release/baton"
    var runs = 20_000
    var workerCounts = [1, 8]

    init(arguments: [String]) throws {
      var remaining = arguments[...]
      while let option = remaining.popFirst() {
        guard let value = remaining.popFirst() else { throw BenchmarkError("\(option) needs a value") }
        switch option {
        case "--baton": baton = value
        case "--runs": runs = try Int(value).orThrow(BenchmarkError("--runs takes a number"))
        case "--workers":
          workerCounts = try value.split(separator: ",").map {
            try Int($0).orThrow(BenchmarkError("--workers takes numbers such as 1,8"))
          }
        default: throw BenchmarkError("unknown option \(option)")
        }
      }
    }
  }

  /// Each queue holds 1,000 scheduled runs per key by default: spread the drained runs over
  /// enough keys that they all fit.
  static let keysPerDrain = 25

  static func run(arguments: [String]) async throws {
    let options = try Options(arguments: arguments)
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("baton-deliveries-\(UUID())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let process = try ServerProcess.start(baton: options.baton, directory: directory, stopAfter: 3600)
    defer { process.stop() }
    let server = Target(host: process.host, port: process.port)
    print("deliveries: \(options.runs) background runs per measurement, workers acknowledge on receipt")
    print("mode   workers    runs   deliveries/s         p50         p99         max   errors")
    for workers in options.workerCounts {
      let keys = (0..<keysPerDrain).map { "drain-\(workers)-\($0)" }
      let failedCreates = try await produce(options.runs, keys: keys, on: server)
      guard failedCreates == 0 else { throw BenchmarkError("\(failedCreates) creates failed") }
      let result = try await deliver(options.runs, keys: keys, workers: workers, on: server) { 0 }
      report("drain", workers: workers, result)
    }
    for workers in options.workerCounts {
      let keys = ["live-\(workers)"]
      let result = try await deliver(options.runs, keys: keys, workers: workers, on: server) {
        try await produce(options.runs, keys: keys, on: server)
      }
      report("live", workers: workers, result)
    }
  }

  /// Where the server listens.
  struct Target: Sendable {
    var host: String
    var port: Int
  }

  struct Result {
    var seconds: Double
    var latencies: [Duration]
    var errors: Int
  }

  /// Creates `count` deferred SCHEDULED runs round-robin over `keys` with 16 callers; returns
  /// how many calls failed.
  static func produce(_ count: Int, keys: [String], on server: Target) async throws -> Int {
    let callers = 16
    return try await BatonConnection.with(host: server.host, port: server.port) { baton in
      try await withThrowingTaskGroup(of: Int.self) { group in
        for caller in 0..<callers {
          group.addTask {
            var errors = 0
            for index in stride(from: caller, to: count, by: callers) {
              let request = Baton_V1_CreateTaskRunRequest.with {
                $0.taskKey = keys[index % keys.count]
                $0.dynamicKey = UUID().uuidString
                $0.state = .with {
                  $0.type = .scheduled
                  $0.stateDetails = .with { $0.deferred = true }
                }
              }
              do { _ = try await baton.taskRuns.createTaskRun(request) } catch { errors += 1 }
            }
            return errors
          }
        }
        return try await group.reduce(0, +)
      }
    }
  }

  /// Subscribes `workers` workers (a connection each) to `keys`, runs `production`, and
  /// returns once `count` runs have been delivered.
  static func deliver(
    _ count: Int, keys: [String], workers: Int, on server: Target,
    production: @escaping @Sendable () async throws -> Int
  ) async throws -> Result {
    let received = Receipts()
    let errors = Receipts.Counter()
    let start = ContinuousClock.now
    await withTaskGroup(of: Void.self) { group in
      for number in 0..<workers {
        group.addTask {
          do {
            try await work(keys: keys, clientID: "bench-\(number)", on: server, received: received)
          } catch where !Task.isCancelled {
            errors.add(1)
          } catch {}
        }
      }
      group.addTask {
        do {
          errors.add(try await production())
        } catch {
          errors.add(1)
        }
      }
      while received.count < count, errors.value == 0 {
        try? await Task.sleep(for: .milliseconds(1))
      }
      group.cancelAll()
    }
    return Result(seconds: (ContinuousClock.now - start).seconds, latencies: received.latencies, errors: errors.value)
  }

  /// One worker: acknowledges each run on receipt, recording how long after its SCHEDULED
  /// state it arrived, until cancelled.
  static func work(
    keys: [String], clientID: String, on server: Target, received: Receipts
  ) async throws {
    try await BatonConnection.with(host: server.host, port: server.port) { baton in
      let (acks, sender) = AsyncStream<Baton_V1_TaskWorkerMessage>.makeStream()
      try await baton.taskWorkers.subscribeScheduledTaskRuns(
        requestProducer: { writer in
          try await writer.write(
            .with {
              $0.kind = .subscribe(
                .with {
                  $0.taskKeys = keys
                  $0.clientID = clientID
                })
            })
          for await ack in acks { try await writer.write(ack) }
        },
        onResponse: { response in
          for try await event in response.messages {
            guard case .taskRun(let run) = event.kind else { continue }
            let latency = Duration.seconds(Date().timeIntervalSince(run.state?.timestamp ?? Date()))
            sender.yield(.with { $0.kind = .ack(.with { $0.taskRunID = run.id }) })
            received.append(latency)
          }
        })
    }
  }

  /// The latencies of the runs workers received, from every worker.
  final class Receipts: Sendable {
    private let received = Mutex<[Duration]>([])

    var count: Int { received.withLock(\.count) }
    var latencies: [Duration] { received.withLock { $0 } }

    func append(_ latency: Duration) {
      received.withLock { $0.append(latency) }
    }

    final class Counter: Sendable {
      private let count = Atomic<Int>(0)
      var value: Int { count.load(ordering: .relaxed) }
      func add(_ amount: Int) { count.add(amount, ordering: .relaxed) }
    }
  }

  /// Drain rows show no latency: their runs waited in the queue before any worker came.
  static func report(_ mode: String, workers: Int, _ result: Result) {
    let summary = LatencySummary(result.latencies)
    let rate = Double(summary.count) / result.seconds
    let latencies = mode == "drain" ? ["-", "-", "-"] : [summary.p50, summary.p99, summary.maximum].map(milliseconds)
    print(
      mode.padding(toLength: 6, withPad: " ", startingAt: 0) + String(workers).leftPadded(8)
        + String(summary.count).leftPadded(8) + format(rate).leftPadded(15)
        + latencies.map { $0.leftPadded(12) }.joined() + String(result.errors).leftPadded(9))
  }
}
