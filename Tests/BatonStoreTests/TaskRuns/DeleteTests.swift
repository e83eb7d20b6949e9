import BatonCore
import Foundation
import Testing

@testable import BatonStore

/// Deletes and their cascades (spec §2.8, §5).
@Suite struct DeleteTests {
    /// Rows of `table` whose `column` is `id`, counted on the writer.
    static func count(_ table: String, where column: String, is id: UUID, in harness: StoreHarness) async throws -> Int
    {
        try await harness.store.writer.write { connection in
            try connection.queryFirst("SELECT count(*) FROM \(table) WHERE \(column) = ?", [id]) { $0.int(0) } ?? 0
        }
    }

    @Test func deletingATaskRunRemovesItsStatesAndLogsOnly() async throws {
        try await StoreHarness.withStore { harness in
            let flowRun = try await harness.flowRun()
            let run = try await harness.taskRun(flowRunID: flowRun.id)
            let other = try await harness.taskRun(flowRunID: flowRun.id)
            try await harness.propose(.running, for: run.id)
            let subflow = try await harness.flowRun(parentTaskRunID: run.id)
            let now = harness.clock.now
            _ = try await harness.store.createLogs([
                LogCreate(
                    name: "l", level: 20, message: "task", timestamp: now, flowRunID: flowRun.id, taskRunID: run.id),
                LogCreate(name: "l", level: 20, message: "other task", timestamp: now, taskRunID: other.id),
                LogCreate(name: "l", level: 20, message: "flow", timestamp: now, flowRunID: flowRun.id),
            ])
            // PENDING, RUNNING, and the subflow's RUNNING forced onto it.
            #expect(try await Self.count("task_run_state", where: "task_run_id", is: run.id, in: harness) == 3)

            #expect(try await harness.store.deleteTaskRun(id: run.id))
            #expect(try await harness.store.readTaskRun(id: run.id) == nil)
            #expect(try await Self.count("task_run_state", where: "task_run_id", is: run.id, in: harness) == 0)
            let logs = try await harness.store.readLogs(nil, sort: .default, limit: 200, offset: 0)
            #expect(logs.map(\.message).sorted() == ["flow", "other task"])
            #expect(try await harness.store.readFlowRun(id: subflow.id)?.flowRun.parentTaskRunID == nil)
            #expect(try await harness.store.readTaskRun(id: other.id) != nil)
            #expect(try await harness.store.deleteTaskRun(id: run.id) == false)
        }
    }

    @Test func deletingAFlowRunRemovesItsTaskRunsAndStates() async throws {
        try await StoreHarness.withStore { harness in
            let flowRun = try await harness.flowRun()
            let run = try await harness.taskRun(flowRunID: flowRun.id)
            #expect(try await harness.store.deleteFlowRun(id: flowRun.id))
            #expect(try await harness.store.readFlowRun(id: flowRun.id) == nil)
            #expect(try await harness.store.readTaskRun(id: run.id) == nil)
            #expect(try await Self.count("task_run_state", where: "task_run_id", is: run.id, in: harness) == 0)
            #expect(try await Self.count("flow_run_state", where: "flow_run_id", is: flowRun.id, in: harness) == 0)
            #expect(try await harness.store.deleteFlowRun(id: flowRun.id) == false)
        }
    }

    @Test func deletingAFlowRemovesItsDeploymentsFlowRunsAndTaskRuns() async throws {
        try await StoreHarness.withStore { harness in
            let flow = try await harness.flow()
            let deployment = try await harness.store.createDeployment(DeploymentCreate(name: "d", flowID: flow.id))
                .value
            let flowRun = try await harness.flowRun(flowID: flow.id, deploymentID: deployment.deployment.id)
            let run = try await harness.taskRun(flowRunID: flowRun.id)
            #expect(try await harness.store.deleteFlow(id: flow.id))
            #expect(try await harness.store.readDeployment(id: deployment.deployment.id) == nil)
            #expect(try await harness.store.readFlowRun(id: flowRun.id) == nil)
            #expect(try await harness.store.readTaskRun(id: run.id) == nil)
        }
    }
}
