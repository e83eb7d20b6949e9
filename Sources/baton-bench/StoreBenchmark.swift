import BatonCore
import BatonStore
import CSQLite
import Foundation
import Synchronization

/// `baton-bench store`: the SQLite store in-process, no network — task-run creates and full
/// lifecycles per second at 1, 8 and 32 concurrent callers next to a plain SQLite insert loop,
/// then filtered-query and history latency on a large data set.
///
/// Options: `--seconds N` per throughput run (default 5), `--runs N` in the query data set
/// (default 100000), `--directory PATH` for the database files (default: a temporary directory).
enum StoreBenchmark {
  static func run(arguments: [String]) async throws {
    let options = try Options(arguments)
    let directory = URL(fileURLWithPath: options.directory)
      .appendingPathComponent("baton-store-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    var fileCount = 0
    let freshPath = { () -> String in
      fileCount += 1
      return directory.appendingPathComponent("bench-\(fileCount).db").path
    }

    print(
      "baton-bench store: SQLite \(String(cString: sqlite3_libversion())), WAL, synchronous=FULL, "
        + "\(ProcessInfo.processInfo.activeProcessorCount) cores, \(options.seconds) s per run")
    print("files in \(directory.path)")

    print(
      "\nPlain SQLite loop (same rows as the store's creates at 32 callers: task_run + task_run_state,"
        + " 32 flow runs taking turns; same schema and indexes)")
    // 32 is the most a transaction of the store can carry with 32 callers.
    for batchSize in [1, 32, 1_000] {
      let rate = try await PlainInsertLoop(path: freshPath(), batchSize: batchSize).run(for: options.seconds)
      print("  \(String(batchSize).leftPadded(5)) creates per transaction  \(format(rate)) creates/s")
    }

    print("\nStore, concurrent callers (each on its own fresh database)")
    for workload in Workload.allCases {
      for callers in [1, 8, 32] {
        let result = try await workload.run(path: freshPath(), callers: callers, seconds: options.seconds)
        let name = workload.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
        print(
          "  \(name) \(String(callers).leftPadded(2)) callers"
            + "  \(format(result.perSecond)) \(workload.rawValue)/s"
            + "   latency p50 \(milliseconds(result.latencies.percentile(50)))"
            + "  p99 \(milliseconds(result.latencies.percentile(99)))"
            + "   \(String(format: "%.1f", result.writesPerTransaction)) writes/transaction"
            + "   writer busy \(Int(result.writerBusy * 100))%: \(microseconds(result.executionPerWrite)) per write"
            + " + commit \(milliseconds(result.commitPerTransaction)) per transaction"
            + "   \(result.checkpoints) writer checkpoints, longest \(milliseconds(result.longestCheckpoint))")
      }
    }

    print("\nQueries on \(format(Double(options.runs))) task runs (100 flow runs, expected starts over one day)")
    try await QueryBenchmark(path: freshPath(), runs: options.runs).run()
  }

  // MARK: - Options

  struct Options {
    var seconds = 5.0
    var runs = 100_000
    var directory = FileManager.default.temporaryDirectory.path

    init(_ arguments: [String]) throws {
      var remaining = arguments[...]
      while let flag = remaining.popFirst() {
        let usage = BenchmarkError(
          "bad option \(flag); usage: baton-bench store [--seconds N] [--runs N] [--directory PATH]")
        guard let value = remaining.popFirst() else { throw usage }
        switch flag {
        case "--seconds": seconds = try Double(value).orThrow(usage)
        case "--runs": runs = try Int(value).orThrow(usage)
        case "--directory": directory = value
        default: throw usage
        }
      }
    }
  }

  // MARK: - Throughput through the store

  /// What one caller repeats.
  enum Workload: String, CaseIterable {
    case create = "creates"
    /// Create, then RUNNING, then COMPLETED, each a separate call through `CoreTaskPolicy`.
    case lifecycle = "lifecycles"

    func run(path: String, callers: Int, seconds: Double) async throws -> ThroughputResult {
      let store = try await SQLiteStore.open(path: path)
      let flow = try await store.createFlow(FlowCreate(name: "bench")).value.flow
      var flowRuns: [UUID] = []
      for _ in 0..<callers {
        flowRuns.append(
          try await store.createFlowRun(FlowRunCreate(flowID: flow.id, state: StateCreate(type: .running)))
            .run.flowRun.id)
      }
      let before = store.writerStatistics
      let start = ContinuousClock.now
      let deadline = start + .seconds(seconds)
      let latencies = try await withThrowingTaskGroup(of: [Duration].self) { group in
        for flowRunID in flowRuns {
          group.addTask { try await repeatUntil(deadline, store: store, flowRunID: flowRunID) }
        }
        return try await group.reduce(into: [Duration]()) { $0 += $1 }
      }
      let elapsed = ContinuousClock.now - start
      let after = store.writerStatistics
      await store.close()
      let requests = Double(max(1, after.requests - before.requests))
      return ThroughputResult(
        perSecond: Double(latencies.count) / elapsed.seconds, latencies: latencies,
        writesPerTransaction: requests / Double(max(1, after.transactions - before.transactions)),
        writerBusy: (after.busyTime - before.busyTime).seconds / elapsed.seconds,
        executionPerWrite: (after.busyTime - before.busyTime - after.commitTime + before.commitTime) / requests,
        commitPerTransaction: (after.commitTime - before.commitTime)
          / Double(max(1, after.transactions - before.transactions)),
        checkpoints: after.checkpoints - before.checkpoints, longestCheckpoint: after.longestCheckpoint)
    }

    private func repeatUntil(_ deadline: ContinuousClock.Instant, store: SQLiteStore, flowRunID: UUID) async throws
      -> [Duration]
    {
      var latencies: [Duration] = []
      var index = 0
      while ContinuousClock.now < deadline {
        let begin = ContinuousClock.now
        let run = try await store.createTaskRun(
          TaskRunCreate(flowRunID: flowRunID, taskKey: "bench-task", dynamicKey: "\(index)")
        ).run
        if self == .lifecycle {
          for type in [StateType.running, .completed] {
            let outcome = try await store.setTaskRunState(
              id: run.id, to: StateCreate(type: type), force: false, parameters: [:])
            guard outcome.result.status == .accept else {
              throw BenchmarkError("\(type) was answered \(outcome.result.status)")
            }
          }
        }
        latencies.append(ContinuousClock.now - begin)
        index += 1
      }
      return latencies
    }
  }

  struct ThroughputResult {
    var perSecond: Double
    /// Per create, or per whole lifecycle.
    var latencies: [Duration]
    var writesPerTransaction: Double
    /// Share of the wall time the writer thread spent on batches.
    var writerBusy: Double
    /// Writer time per write outside COMMIT: SQL, orchestration, row encoding, answering.
    var executionPerWrite: Duration
    /// COMMIT time per transaction: WAL writes and fsync.
    var commitPerTransaction: Duration
    /// Checkpoints the writer ran itself (the WAL passed `WALLimits.writerCheckpointFrames`).
    var checkpoints: Int
    var longestCheckpoint: Duration
  }

  // MARK: - Query latency

  /// Filtered reads and history on a data set built through the store.
  struct QueryBenchmark {
    let path: String
    let runs: Int

    func run() async throws {
      // A clock that moves 1/runs of a day per reading spreads expected start times over a day.
      let start = Date(timeIntervalSince1970: 1_700_000_000)
      let readings = Atomic<Int>(0)
      let step = 86_400 / Double(runs)
      let clock: @Sendable () -> Date = {
        start.addingTimeInterval(Double(readings.add(1, ordering: .relaxed).newValue) * step)
      }
      let store = try await SQLiteStore.open(path: path, configuration: SQLiteStoreConfiguration(clock: clock))
      let flowRuns = try await populate(store)

      let types: [StateType] = [.completed, .failed, .running, .pending]
      var random = SystemRandomNumberGenerator()
      let filtered = try await measure(iterations: 1_000) {
        let filters = TaskRunQueryFilters(
          flowRuns: FlowRunFilter(id: .init(anyOf: [flowRuns.randomElement(using: &random)!])),
          taskRuns: TaskRunFilter(state: .init(type: .init(anyOf: [types.randomElement(using: &random)!]))))
        let page = try await store.readTaskRuns(
          filters, sort: .expectedStartTimeDescending, limit: 50, offset: 0)
        guard !page.isEmpty else { throw BenchmarkError("the filtered query found nothing") }
      }
      report("filtered read (flow run + state type, EXPECTED_START_TIME_DESC, limit 50)", filtered)

      let counted = try await measure(iterations: 1_000) {
        let filters = TaskRunQueryFilters(
          flowRuns: FlowRunFilter(id: .init(anyOf: [flowRuns.randomElement(using: &random)!])),
          taskRuns: TaskRunFilter(state: .init(type: .init(anyOf: [.completed]))))
        _ = try await store.countTaskRuns(filters)
      }
      report("count (flow run + COMPLETED)", counted)

      let history = try HistoryRequest(start: start, end: start.addingTimeInterval(86_400), interval: 864)
      let histories = try await measure(iterations: 50) {
        let buckets = try await store.taskRunHistory(history)
        guard buckets.count == 100 else { throw BenchmarkError("history gave \(buckets.count) buckets") }
      }
      report("history (100 buckets, all runs)", histories)
      await store.close()
    }

    /// `runs` task runs over 100 flow runs, created COMPLETED (two in five), FAILED, RUNNING or PENDING.
    private func populate(_ store: SQLiteStore) async throws -> [UUID] {
      let flow = try await store.createFlow(FlowCreate(name: "bench")).value.flow
      var flowRuns: [UUID] = []
      for _ in 0..<100 {
        flowRuns.append(
          try await store.createFlowRun(FlowRunCreate(flowID: flow.id, state: StateCreate(type: .running)))
            .run.flowRun.id)
      }
      let parents = flowRuns
      let begin = ContinuousClock.now
      let states: [StateType] = [.completed, .completed, .failed, .running, .pending]
      try await withThrowingTaskGroup(of: Void.self) { group in
        for caller in 0..<32 {
          group.addTask {
            for index in stride(from: caller, to: runs, by: 32) {
              _ = try await store.createTaskRun(
                TaskRunCreate(
                  flowRunID: parents[index % parents.count], taskKey: "bench-task",
                  dynamicKey: "\(index)",
                  state: StateCreate(type: states[index / parents.count % states.count])))
            }
          }
        }
        try await group.waitForAll()
      }
      let seconds = String(format: "%.1f", (ContinuousClock.now - begin).seconds)
      print("  (built in \(seconds) s through the store, 32 callers)")
      return flowRuns
    }

    private func measure(iterations: Int, _ body: () async throws -> Void) async throws -> [Duration] {
      var latencies: [Duration] = []
      for _ in 0..<iterations {
        let begin = ContinuousClock.now
        try await body()
        latencies.append(ContinuousClock.now - begin)
      }
      return latencies
    }

    private func report(_ name: String, _ latencies: [Duration]) {
      print(
        "  \(name): p50 \(milliseconds(latencies.percentile(50)))"
          + "  p99 \(milliseconds(latencies.percentile(99)))  (\(latencies.count) sequential calls)")
    }
  }

  // MARK: - The physical limit

  /// The store's inserts without the store: one prepared INSERT of a task run and one of its
  /// state per create, in a loop on one connection, committed every `batchSize` creates.
  ///
  /// The rows land where the store's do at 32 callers: each run under the next of 32 flow runs,
  /// since which index pages a create dirties sets how much each COMMIT writes.
  struct PlainInsertLoop {
    let path: String
    let batchSize: Int

    func run(for seconds: Double) async throws -> Double {
      // The store creates the schema, so the loop writes to the same tables and indexes.
      let store = try await SQLiteStore.open(path: path)
      let flow = try await store.createFlow(FlowCreate(name: "bench")).value.flow
      var flowRuns: [String] = []
      for _ in 0..<32 {
        flowRuns.append(
          try await store.createFlowRun(FlowRunCreate(flowID: flow.id)).run.flowRun.id.uuidString.lowercased())
      }
      await store.close()

      var database: OpaquePointer?
      guard sqlite3_open_v2(path, &database, SQLITE_OPEN_READWRITE, nil) == SQLITE_OK, let database else {
        throw BenchmarkError("cannot open \(path)")
      }
      defer { sqlite3_close_v2(database) }
      try execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;", on: database)
      let insertRun = try prepare(
        "INSERT INTO task_run (id, created, updated, name, flow_run_id, task_key, dynamic_key, "
          + "empirical_policy, tags, labels, task_inputs, state_id, state_type, state_name, state_timestamp, "
          + "expected_start_time) "
          + "VALUES (?1, ?2, ?2, ?6, ?3, 'bench-task', ?4, "
          + "'{\"max_retries\":0,\"retry_delay_seconds\":0,\"retry_delay\":null}', '[]', "
          + "'{\"prefect.flow-run.id\":\"x\"}', '{}', ?5, 'PENDING', 'Pending', ?2, ?2)",
        on: database)
      let insertState = try prepare(
        "INSERT INTO task_run_state (id, created, updated, task_run_id, type, timestamp, name, state_details) "
          + "VALUES (?1, ?2, ?2, ?3, 'PENDING', ?2, 'Pending', '{\"deferred\":false}')",
        on: database)
      defer {
        sqlite3_finalize(insertRun)
        sqlite3_finalize(insertState)
      }
      let deadline = ContinuousClock.now + .seconds(seconds)
      let begin = ContinuousClock.now
      var count = 0
      while ContinuousClock.now < deadline {
        try execute("BEGIN IMMEDIATE", on: database)
        for _ in 0..<batchSize {
          // Time-ordered ids, as the store generates them.
          let date = Date()
          let runID = UUID.timeOrdered(at: date).uuidString.lowercased()
          let stateID = UUID.timeOrdered(at: date).uuidString.lowercased()
          let now = Int64(date.timeIntervalSince1970 * 1_000_000)
          try step(
            insertRun,
            texts: [1: runID, 3: flowRuns[count % flowRuns.count], 4: "\(count)", 5: stateID, 6: randomName()],
            now: now, on: database)
          try step(insertState, texts: [1: stateID, 3: runID], now: now, on: database)
          count += 1
        }
        try execute("COMMIT", on: database)
      }
      return Double(count) / (ContinuousClock.now - begin).seconds
    }

    /// A name about as long as the store's `adjective-animal` slugs.
    private func randomName() -> String {
      "run-\(UInt32.random(in: 0...UInt32.max))"
    }

    private func execute(_ sql: String, on database: OpaquePointer) throws {
      guard sqlite3_exec(database, sql, nil, nil, nil) == SQLITE_OK else {
        throw BenchmarkError(String(cString: sqlite3_errmsg(database)))
      }
    }

    private func prepare(_ sql: String, on database: OpaquePointer) throws -> OpaquePointer {
      var statement: OpaquePointer?
      guard sqlite3_prepare_v2(database, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
        throw BenchmarkError(String(cString: sqlite3_errmsg(database)))
      }
      return statement
    }

    /// Binds `texts` by parameter number and `now` to ?2, then runs the statement once.
    private func step(_ statement: OpaquePointer, texts: [Int32: String], now: Int64, on database: OpaquePointer)
      throws
    {
      defer { sqlite3_reset(statement) }
      for (index, text) in texts {
        sqlite3_bind_text(statement, index, text, -1, csqlite_transient())
      }
      sqlite3_bind_int64(statement, 2, now)
      guard sqlite3_step(statement) == SQLITE_DONE else {
        throw BenchmarkError(String(cString: sqlite3_errmsg(database)))
      }
    }
  }
}
