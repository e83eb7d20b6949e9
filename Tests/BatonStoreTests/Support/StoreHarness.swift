import BatonCore
import Foundation

@testable import BatonStore

/// A store on a real SQLite file in a temporary directory, with a clock the test controls.
///
/// `withStore` closes the store and removes the directory afterwards, whatever the test did.
struct StoreHarness {
    let store: SQLiteStore
    let clock: TestClock
    let directory: TemporaryDirectory

    /// The orchestration settings tests use: jitter pinned to its upper bound.
    static let settings = OrchestrationSettings(randomUnit: { 1 })

    @discardableResult
    static func withStore<Result>(
        clock: TestClock = TestClock(), _ body: (StoreHarness) async throws -> Result
    ) async throws -> Result {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await SQLiteStore.open(
            path: directory.path("baton.db"),
            configuration: SQLiteStoreConfiguration(
                readerCount: 2, orchestration: settings, clock: { clock.now }))
        do {
            let result = try await body(StoreHarness(store: store, clock: clock, directory: directory))
            await store.close()
            return result
        } catch {
            await store.close()
            throw error
        }
    }

    // MARK: - Fixtures

    @discardableResult
    func flow(
        _ name: String = "flow-\(UUID().uuidString.prefix(8))", tags: [String] = [], labels: [String: JSONValue] = [:]
    )
        async throws -> Flow
    {
        try await store.createFlow(FlowCreate(name: name, tags: tags, labels: labels)).value.flow
    }

    /// A flow run of `flowID` (a new flow when `nil`) in `state` (RUNNING by default).
    @discardableResult
    func flowRun(
        flowID: UUID? = nil, name: String? = nil, tags: [String] = [], deploymentID: UUID? = nil,
        parentTaskRunID: UUID? = nil, state: StateType? = .running, labels: [String: JSONValue] = [:]
    ) async throws -> FlowRun {
        let flowID = if let flowID { flowID } else { try await flow().id }
        let run = try await store.createFlowRun(
            FlowRunCreate(
                flowID: flowID, name: name, tags: tags, labels: labels, deploymentID: deploymentID,
                parentTaskRunID: parentTaskRunID, state: state.map { StateCreate(type: $0) })
        ).run.flowRun
        guard state == nil else { return run }
        // A run without any state, as Prefect's fixtures create at model level.
        let id = run.id
        return try await store.writer.write { connection in
            try connection.execute("DELETE FROM flow_run_state WHERE flow_run_id = ?", [id])
            try connection.execute(
                "UPDATE flow_run SET state_id = NULL, state_type = NULL, state_name = NULL, state_timestamp = NULL, "
                    + "expected_start_time = NULL WHERE id = ?",
                [id])
            return try FlowRunTable(connection: connection).find(id: id)!.flowRun
        }
    }

    @discardableResult
    func taskRun(
        flowRunID: UUID? = nil, name: String? = nil, key: String = "my-key", dynamicKey: String = UUID().uuidString,
        tags: [String] = [], state: StateCreate? = nil, policy: TaskRunPolicy = TaskRunPolicy()
    ) async throws -> TaskRun {
        try await store.createTaskRun(
            TaskRunCreate(
                name: name, flowRunID: flowRunID, taskKey: key, dynamicKey: dynamicKey, empiricalPolicy: policy,
                tags: tags, state: state)
        ).run
    }

    /// Proposes `type` (named `name`) for the run, unforced.
    @discardableResult
    func propose(
        _ type: StateType, name: String? = nil, for runID: UUID, force: Bool = false, data: JSONValue? = nil,
        details: StateDetails = StateDetails()
    ) async throws -> TaskRunOrchestration {
        try await store.setTaskRunState(
            id: runID, to: StateCreate(type: type, name: name, data: data, details: details), force: force,
            parameters: [:])
    }

    /// Ids of the runs `filters` selects, in the default order.
    func ids(_ filters: TaskRunQueryFilters, sort: TaskRunSort = .default) async throws -> [UUID] {
        try await store.readTaskRuns(filters, sort: sort, limit: 200, offset: 0).map(\.id)
    }
}
