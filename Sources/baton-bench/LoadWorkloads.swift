import BatonClient
import BatonProto
import Foundation
import Synchronization

/// What `baton-bench load` measures: each workload is one caller's call, repeated.
enum Workload: String, CaseIterable {
  case createTaskRun = "W1"
  case lifecycle = "W2"
  case readTaskRun = "W3"
  case filteredRead = "W4"
  case count = "W5"
  case history = "W6"
  case paginate = "W7"

  /// Reads first, on exactly the seeded runs; the writes then add to them.
  static let runOrder: [Workload] = [.readTaskRun, .filteredRead, .count, .history, .paginate, .createTaskRun, .lifecycle]

  var title: String {
    switch self {
    case .createTaskRun: "W1 CreateTaskRun"
    case .lifecycle: "W2 create+RUNNING+COMPLETED"
    case .readTaskRun: "W3 ReadTaskRun"
    case .filteredRead: "W4 ReadTaskRuns flow run+COMPLETED"
    case .count: "W5 CountTaskRuns flow run+COMPL."
    case .history: "W6 TaskRunHistory 100 buckets"
    case .paginate: "W7 PaginateTaskRuns page 10 of 50"
    }
  }

  var defaultCallers: [Int] {
    switch self {
    case .createTaskRun, .lifecycle: [1, 8, 32]
    case .readTaskRun: [1, 32]
    case .filteredRead, .count, .history, .paginate: [1, 8]
    }
  }

  var readsSeed: Bool {
    self != .createTaskRun && self != .lifecycle
  }

  /// The call a caller repeats at `callers` concurrent callers; `seed` is there when `readsSeed`.
  func operation(callers: Int, fixtures: Fixtures, seed: SeededRuns?) -> LoadRunner.Operation {
    switch self {
    case .createTaskRun:
      return { connection, caller, iteration in
        _ = try await connection.createTaskRun(
          in: fixtures.writerFlowRuns[caller], key: "create-\(callers)-\(iteration)")
      }
    case .lifecycle:
      return { connection, caller, iteration in
        let id = try await connection.createTaskRun(
          in: fixtures.writerFlowRuns[caller], key: "lifecycle-\(callers)-\(iteration)")
        try await connection.setTaskRunState(of: id, to: .running)
        try await connection.setTaskRunState(of: id, to: .completed)
      }
    case .readTaskRun:
      let ids = seed!.taskRunIDs
      return { connection, _, _ in
        var request = Baton_V1_ReadTaskRunRequest()
        request.id = ids.randomElement()!
        let run = try await connection.taskRuns.readTaskRun(request)
        guard run.id == request.id else { throw BenchmarkError("ReadTaskRun(\(request.id)) answered run \(run.id)") }
      }
    case .filteredRead:
      let flowRuns = seed!.flowRunIDs
      return { connection, _, _ in
        let filter = CompletedRunsFilter(flowRunID: flowRuns.randomElement()!)
        var request = Baton_V1_ReadTaskRunsRequest()
        request.flowRuns = filter.flowRuns
        request.taskRuns = filter.taskRuns
        request.sort = .expectedStartTimeDesc
        request.limit = 50
        let runs = try await connection.taskRuns.readTaskRuns(request).taskRuns
        guard !runs.isEmpty else { throw BenchmarkError("ReadTaskRuns found no runs") }
      }
    case .count:
      let flowRuns = seed!.flowRunIDs
      return { connection, _, _ in
        let filter = CompletedRunsFilter(flowRunID: flowRuns.randomElement()!)
        var request = Baton_V1_CountTaskRunsRequest()
        request.flowRuns = filter.flowRuns
        request.taskRuns = filter.taskRuns
        let count = try await connection.taskRuns.countTaskRuns(request).count
        guard count > 0 else { throw BenchmarkError("CountTaskRuns counted nothing") }
      }
    case .history:
      var request = Baton_V1_TaskRunHistoryRequest()
      request.historyStart = seed!.expectedStarts.lowerBound
      request.historyEnd = seed!.expectedStarts.upperBound
      request.historyIntervalSeconds = seed!.expectedStarts.upperBound.timeIntervalSince(
        seed!.expectedStarts.lowerBound) / 100
      return { [request] connection, _, _ in
        let intervals = try await connection.taskRuns.taskRunHistory(request).intervals
        guard intervals.count == 100 else { throw BenchmarkError("TaskRunHistory gave \(intervals.count) intervals") }
      }
    case .paginate:
      // No filter: the page's count covers every run, as a UI's list of all task runs does.
      var request = Baton_V1_PaginateTaskRunsRequest()
      request.sort = .expectedStartTimeDesc
      request.limit = 50
      request.page = 10
      return { [request] connection, _, _ in
        let page = try await connection.taskRuns.paginateTaskRuns(request)
        guard !page.results.isEmpty else { throw BenchmarkError("page 10 was empty") }
      }
    }
  }
}

/// The flow and flow runs the workloads create task runs in, made once per benchmark so
/// that their (flow run, task key, dynamic key) never meet those of an earlier run.
struct Fixtures: Sendable {
  /// One RUNNING flow run per caller of the write workloads.
  var writerFlowRuns: [String]
  /// The RUNNING flow runs the seeded task runs are spread over.
  var seedFlowRuns: [String]

  static func create(on connection: BatonConnection, writers: Int) async throws -> Fixtures {
    var flow = Baton_V1_CreateFlowRequest()
    flow.name = "baton-bench-\(UUID().uuidString.lowercased())"
    let flowID = try await connection.flows.createFlow(flow).flow?.id ?? ""
    var flowRuns: [String] = []
    for _ in 0..<(writers + 100) {
      var request = Baton_V1_CreateFlowRunRequest()
      request.flowID = flowID
      request.state = Baton_V1_StateCreate(type: .running)
      flowRuns.append(try await connection.flowRuns.createFlowRun(request).flowRun?.id ?? "")
    }
    return Fixtures(writerFlowRuns: Array(flowRuns.prefix(writers)), seedFlowRuns: Array(flowRuns.suffix(100)))
  }
}

/// The task runs the read workloads query, created through the API: SCHEDULED with their
/// expected start times spread evenly over the day before seeding, spread round-robin over
/// 100 flow runs, half of each flow run's runs then forced to COMPLETED.
struct SeededRuns: Sendable {
  var flowRunIDs: [String]
  var taskRunIDs: [String]
  var expectedStarts: Range<Date>

  static func create(_ runs: Int, parents: Fixtures, callers: Int, on runner: LoadRunner, server: ServerProcess?)
    async throws -> SeededRuns
  {
    let end = Date()
    let expectedStarts = end.addingTimeInterval(-86_400)..<end
    let flowRunIDs = parents.seedFlowRuns
    let created = IDCollector()
    let measurement = await runner.measure(callers: callers, calls: runs) { connection, caller, iteration in
      let index = caller + iteration * callers
      var request = Baton_V1_CreateTaskRunRequest()
      request.flowRunID = flowRunIDs[index % flowRunIDs.count]
      request.taskKey = "seed"
      request.dynamicKey = "\(index)"
      var state = Baton_V1_StateCreate(type: .scheduled)
      var details = Baton_V1_StateDetails()
      details.scheduledTime = expectedStarts.lowerBound.addingTimeInterval(Double(index) * 86_400 / Double(runs))
      state.stateDetails = details
      request.state = state
      let id = try await connection.createTaskRun(request)
      if index / flowRunIDs.count % 2 == 0 {
        try await connection.setTaskRunState(of: id, to: .completed, force: true)
      }
      created.append(id)
    }
    print("\nSeeded \(runs) task runs (half forced to COMPLETED) over 100 flow runs, \(callers) callers:")
    print(LoadRunner.header)
    runner.report("seed create (+COMPLETED)", callers: callers, measurement)
    try server?.checkRunning()
    guard measurement.recorder.errors == 0 else {
      throw BenchmarkError("seeding failed \(measurement.recorder.errors) times")
    }
    print(
      "  took \(String(format: "%.1f", measurement.elapsed.seconds)) s: "
        + "\(Int(Double(runs) * 1.5 / measurement.elapsed.seconds)) calls/s")
    fflush(nil)
    return SeededRuns(flowRunIDs: flowRunIDs, taskRunIDs: created.ids, expectedStarts: expectedStarts)
  }

}

/// The COMPLETED task runs of one flow run, as W4 and W5 ask for them.
private struct CompletedRunsFilter {
  var flowRuns = Baton_V1_FlowRunFilter()
  var taskRuns = Baton_V1_TaskRunFilter()

  init(flowRunID: String) {
    var ids = Baton_V1_StringList()
    ids.values = [flowRunID]
    flowRuns.id = Baton_V1_FlowRunFilterId()
    flowRuns.id?.any_ = ids
    var types = Baton_V1_StateTypeList()
    types.values = [.completed]
    taskRuns.state = Baton_V1_TaskRunFilterState()
    taskRuns.state?.type = Baton_V1_TaskRunFilterStateType()
    taskRuns.state?.type?.any_ = types
  }
}

/// Task-run ids appended by concurrent callers.
private final class IDCollector: Sendable {
  private let collected = Mutex<[String]>([])

  var ids: [String] { collected.withLock { $0 } }

  func append(_ id: String) {
    collected.withLock { $0.append(id) }
  }
}

extension BatonConnection {
  /// Creates a new task run and returns its id; an existing run answered instead is an error.
  fileprivate func createTaskRun(_ request: Baton_V1_CreateTaskRunRequest) async throws -> String {
    let response = try await taskRuns.createTaskRun(request)
    guard response.created, let id = response.taskRun?.id else {
      throw BenchmarkError("CreateTaskRun answered an existing run")
    }
    return id
  }

  fileprivate func createTaskRun(in flowRunID: String, key: String) async throws -> String {
    var request = Baton_V1_CreateTaskRunRequest()
    request.flowRunID = flowRunID
    request.taskKey = "bench"
    request.dynamicKey = key
    return try await createTaskRun(request)
  }

  /// Proposes a state; anything but ACCEPT is an error.
  fileprivate func setTaskRunState(of id: String, to type: Baton_V1_StateType, force: Bool = false) async throws {
    var request = Baton_V1_SetTaskRunStateRequest()
    request.id = id
    request.state = Baton_V1_StateCreate(type: type)
    request.force = force
    let result = try await taskRuns.setTaskRunState(request)
    guard result.status == .accept else { throw BenchmarkError("\(type) was answered \(result.status)") }
  }
}

extension Baton_V1_StateCreate {
  fileprivate init(type: Baton_V1_StateType) {
    self.init()
    self.type = type
  }
}
