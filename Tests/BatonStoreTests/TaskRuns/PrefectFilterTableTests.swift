import BatonCore
import Foundation
import Testing

@testable import BatonStore

/// Prefect's `TestCountTaskRunsModels` table (spec §7.4): 33 filters over one data set, each
/// checked through count and through read (distinct ids), as Prefect checks both.
@Suite struct PrefectFilterTableTests {
    /// The ids the rows refer to.
    struct DataSet {
        let deployment11: UUID
        let deployment12: UUID
        let deployment31: UUID
    }

    static func makeDataSet(_ harness: StoreHarness) async throws -> DataSet {
        let store = harness.store
        let f1 = try await harness.flow("f-1", tags: ["db", "blue"])
        let f2 = try await harness.flow("f-2", tags: ["db"])
        let f3 = try await harness.flow("f-3")
        let f4 = try await harness.flow("f-4")
        let d11 = try await store.createDeployment(DeploymentCreate(name: "d-1-1", flowID: f1.id)).value.deployment
        let d12 = try await store.createDeployment(DeploymentCreate(name: "d-1-2", flowID: f1.id, paused: true))
            .value.deployment
        let d31 = try await store.createDeployment(DeploymentCreate(name: "d-3-1", flowID: f3.id)).value.deployment

        let happyDuck = try await harness.flowRun(
            flowID: f1.id, name: "test-happy-duck", tags: ["db", "blue"], deploymentID: d11.id, state: .completed)
        try await harness.taskRun(flowRunID: happyDuck.id, name: "task-run-1", state: StateCreate(type: .running))
        try await harness.taskRun(flowRunID: happyDuck.id, name: "task-run-2", state: StateCreate(type: .completed))
        try await harness.taskRun(flowRunID: happyDuck.id, name: "task-run-2a", state: StateCreate(type: .completed))

        let sadDuck = try await harness.flowRun(flowID: f2.id, name: "another-sad-duck", tags: ["red"], state: .running)
        for type in [StateType.running, .completed, .completed] {
            try await harness.taskRun(flowRunID: sadDuck.id, state: StateCreate(type: type))
        }

        let f3Run = try await harness.flowRun(flowID: f3.id, deploymentID: d31.id, state: .completed)
        try await harness.taskRun(flowRunID: f3Run.id, state: StateCreate(type: .failed))

        let f4Run = try await harness.flowRun(flowID: f4.id, state: nil)
        try await harness.taskRun(flowRunID: f4Run.id)
        let parent = try await harness.taskRun(flowRunID: f4Run.id)
        let subflowRun = try await harness.flowRun(flowID: f4.id, parentTaskRunID: parent.id, state: nil)
        try await harness.taskRun(flowRunID: subflowRun.id)

        // Flow runs without task runs, so that flow-run filters are not trivial.
        try await harness.flowRun(flowID: f1.id, name: "test-happy-mallard", tags: ["db", "red"], deploymentID: d12.id)
        try await harness.flowRun(flowID: f2.id, tags: ["db", "blue"], state: .completed)
        return DataSet(deployment11: d11.id, deployment12: d12.id, deployment31: d31.id)
    }

    static func rows(_ data: DataSet, now: Date) -> [(row: Int, filters: TaskRunQueryFilters, expected: Int)] {
        let dayLater = now.addingTimeInterval(86_400)
        let completed = FlowRunFilter.StateFilter(type: .init(anyOf: [.completed]))
        return [
            (1, .init(), 10),
            (2, .init(flows: .init(name: .init(anyOf: ["f-1", "f-2"]))), 6),
            (3, .init(flows: .init(name: .init(anyOf: ["f-1", "f-100"]))), 3),
            (4, .init(flows: .init(name: .init(anyOf: ["f-1"]))), 3),
            (5, .init(flows: .init(name: .init(like: "f-"))), 10),
            (6, .init(taskRuns: .init(name: .init(like: "task-run"))), 3),
            (7, .init(taskRuns: .init(name: .init(like: "run-2"))), 2),
            (8, .init(taskRuns: .init(name: .init(like: "2a"))), 1),
            (9, .init(flows: .init(tags: .init(allOf: ["db"]))), 6),
            (10, .init(flows: .init(tags: .init(allOf: ["db", "blue"]))), 3),
            (11, .init(flows: .init(tags: .init(allOf: ["db", "red"]))), 0),
            (12, .init(flowRuns: .init(tags: .init(allOf: ["db", "red"]))), 0),
            (13, .init(flowRuns: .init(tags: .init(allOf: ["db", "blue"]))), 3),
            (14, .init(flowRuns: .init(name: .init(like: "test-happy"))), 3),
            (15, .init(flowRuns: .init(name: .init(like: "test-happy-mallard"))), 0),
            (16, .init(deployments: .init(id: .init(anyOf: [data.deployment11]))), 3),
            (17, .init(deployments: .init(name: .init(like: "d_1"))), 3),
            (18, .init(flowRuns: .init(tags: .init(isNull: true))), 4),
            (19, .init(flowRuns: .init(state: completed)), 4),
            (
                20,
                .init(
                    flowRuns: .init(
                        state: .init(type: .init(anyOf: [.completed]), name: .init(anyOf: ["NOT-COMPLETED"])))),
                0
            ),
            (21, .init(flowRuns: .init(state: .init(name: .init(anyOf: ["Completed"])))), 4),
            (22, .init(flows: .init(tags: .init(allOf: ["xyz"])), flowRuns: .init(state: completed)), 0),
            (23, .init(flowRuns: .init(deploymentID: .init(anyOf: [data.deployment11, data.deployment12]))), 3),
            (24, .init(flowRuns: .init(deploymentID: .init(anyOf: [data.deployment11, data.deployment31]))), 4),
            (25, .init(taskRuns: .init(subflowRuns: .init(exists: true))), 1),
            (26, .init(taskRuns: .init(subflowRuns: .init(exists: false))), 9),
            (27, .init(taskRuns: .init(tags: .init(allOf: ["subflow"]), subflowRuns: .init(exists: true))), 0),
            (28, .init(taskRuns: .init(endTime: .init(isNull: false))), 5),
            (29, .init(taskRuns: .init(endTime: .init(isNull: true))), 5),
            (30, .init(taskRuns: .init(endTime: .init(before: dayLater))), 5),
            (31, .init(taskRuns: .init(endTime: .init(after: dayLater))), 0),
            (32, .init(flows: FlowFilter()), 10),
            (33, .init(flows: FlowFilter(), flowRuns: FlowRunFilter()), 10),
        ]
    }

    @Test func everyRowCountsAndReadsTheExpectedRuns() async throws {
        try await StoreHarness.withStore { harness in
            let data = try await Self.makeDataSet(harness)
            let rows = Self.rows(data, now: harness.clock.now)
            #expect(rows.count == 33)
            for (row, filters, expected) in rows {
                let count = try await harness.store.countTaskRuns(filters)
                let read = try await harness.ids(filters)
                #expect(count == expected, "row \(row): count")
                #expect(read.count == expected, "row \(row): read")
                #expect(Set(read).count == read.count, "row \(row): each run once")
            }
        }
    }
}
