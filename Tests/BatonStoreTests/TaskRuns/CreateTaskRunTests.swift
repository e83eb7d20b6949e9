import BatonCore
import Foundation
import Testing

@testable import BatonStore

@Suite struct CreateTaskRunTests {
    @Test func createWithoutStateWritesPendingAndReadsBack() async throws {
        try await StoreHarness.withStore { harness in
            let flowRun = try await harness.flowRun()
            let creation = try await harness.store.createTaskRun(
                TaskRunCreate(
                    name: "my-task", flowRunID: flowRun.id, taskKey: "my-key", dynamicKey: "0",
                    empiricalPolicy: TaskRunPolicy(retries: 2, retryDelay: [1, 2]), tags: ["a", "b"],
                    taskInputs: [
                        "x": [.taskRun(id: flowRun.id)], "y": [], "z": [.parameter(name: "p"), .constant(type: "int")],
                    ]))
            #expect(creation.created)
            #expect(creation.run.state?.type == .pending)
            #expect(creation.run.stateType == .pending)
            #expect(creation.run.stateName == "Pending")
            #expect(creation.run.expectedStartTime == harness.clock.now)
            let read = try #require(try await harness.store.readTaskRun(id: creation.run.id))
            #expect(read == creation.run)
            #expect(read.taskInputs["y"] == [])
        }
    }

    @Test func labelsMergeParentFlowRunLabelsItsIdAndClientLabels() async throws {
        try await StoreHarness.withStore { harness in
            let flow = try await harness.flow(labels: ["team": "data"])
            let flowRun = try await harness.flowRun(flowID: flow.id, labels: ["env": "prod"])
            let run = try await harness.store.createTaskRun(
                TaskRunCreate(flowRunID: flowRun.id, taskKey: "k", dynamicKey: "0", labels: ["env": "dev"])
            ).run
            #expect(
                run.labels == [
                    "env": "dev", "team": "data", "prefect.flow.id": .string(flow.id.lowercasedString),
                    "prefect.flow-run.id": .string(flowRun.id.lowercasedString),
                ])
        }
    }

    @Test func autonomousRunKeepsOnlyClientLabels() async throws {
        try await StoreHarness.withStore { harness in
            let run = try await harness.store.createTaskRun(
                TaskRunCreate(taskKey: "k", dynamicKey: "0", labels: ["env": "dev"])
            ).run
            #expect(run.labels == ["env": "dev"])
            #expect(run.flowRunID == nil)
        }
    }

    @Test func createWithStateMakesItCurrent() async throws {
        try await StoreHarness.withStore { harness in
            let run = try await harness.taskRun(state: StateCreate(type: .running, name: "Go"))
            #expect(run.state?.type == .running)
            #expect(run.state?.name == "Go")
            #expect(run.runCount == 1)
            #expect(run.startTime == harness.clock.now)
            #expect(run.state?.details.taskRunID == run.id)
        }
    }

    @Test func repeatedCreateReturnsExistingRunUntouched() async throws {
        try await StoreHarness.withStore { harness in
            let flowRun = try await harness.flowRun()
            let first = try await harness.taskRun(
                flowRunID: flowRun.id, name: "first", key: "k", dynamicKey: "TB12", state: StateCreate(type: .scheduled)
            )
            harness.clock.advance(by: 1)
            let second = try await harness.store.createTaskRun(
                TaskRunCreate(
                    name: "second", flowRunID: flowRun.id, taskKey: "k", dynamicKey: "TB12", tags: ["new"],
                    state: StateCreate(type: .running)))
            #expect(!second.created)
            #expect(second.run == first)
            #expect(second.run.state?.type == .scheduled)
        }
    }

    @Test func repeatedAutonomousCreateReturnsExistingRun() async throws {
        try await StoreHarness.withStore { harness in
            let first = try await harness.taskRun(key: "k", dynamicKey: "0")
            let again = try await harness.store.createTaskRun(TaskRunCreate(taskKey: "k", dynamicKey: "0"))
            #expect(!again.created)
            #expect(again.run.id == first.id)
            let other = try await harness.store.createTaskRun(TaskRunCreate(taskKey: "k", dynamicKey: "1"))
            #expect(other.created)
            #expect(other.run.id != first.id)
        }
    }

    @Test func sameKeysUnderDifferentFlowRunsAreDifferentRuns() async throws {
        try await StoreHarness.withStore { harness in
            let flowRun = try await harness.flowRun()
            let underFlowRun = try await harness.taskRun(flowRunID: flowRun.id, key: "k", dynamicKey: "0")
            let autonomous = try await harness.taskRun(key: "k", dynamicKey: "0")
            #expect(underFlowRun.id != autonomous.id)
        }
    }

    @Test func clientIDIsHonouredAndReuseWithOtherKeysIsAlreadyExists() async throws {
        try await StoreHarness.withStore { harness in
            let id = UUID()
            let run = try await harness.store.createTaskRun(TaskRunCreate(id: id, taskKey: "k", dynamicKey: "0")).run
            #expect(run.id == id)
            await #expect(throws: StoreError.self) {
                try await harness.store.createTaskRun(TaskRunCreate(id: id, taskKey: "k", dynamicKey: "1"))
            }
            do {
                _ = try await harness.store.createTaskRun(TaskRunCreate(id: id, taskKey: "other", dynamicKey: "1"))
                Issue.record("expected alreadyExists")
            } catch let error as StoreError {
                guard case .alreadyExists = error else { throw error }
            }
        }
    }

    @Test func unknownFlowRunIsFailedPrecondition() async throws {
        try await StoreHarness.withStore { harness in
            do {
                _ = try await harness.store.createTaskRun(
                    TaskRunCreate(flowRunID: UUID(), taskKey: "k", dynamicKey: "0"))
                Issue.record("expected failedPrecondition")
            } catch let error as StoreError {
                guard case .failedPrecondition = error else { throw error }
            }
        }
    }

    @Test func missingOrEmptyNameGetsASlug() async throws {
        try await StoreHarness.withStore { harness in
            let unnamed = try await harness.taskRun(name: nil)
            let empty = try await harness.taskRun(name: "")
            for run in [unnamed, empty] {
                #expect(run.name.split(separator: "-").count == 2)
            }
        }
    }

    @Test func deferredScheduledCreateIsEnqueuedForTaskWorkers() async throws {
        try await StoreHarness.withStore { harness in
            let creation = try await harness.store.createTaskRun(
                TaskRunCreate(
                    taskKey: "k", dynamicKey: "0",
                    state: StateCreate(type: .scheduled, details: StateDetails(deferred: true))))
            #expect(creation.enqueueAfterCommit == .scheduled)
            #expect(creation.run.nextScheduledStartTime == harness.clock.now)
            let plain = try await harness.store.createTaskRun(
                TaskRunCreate(taskKey: "k", dynamicKey: "1", state: StateCreate(type: .scheduled)))
            #expect(plain.enqueueAfterCommit == nil)
            let restored = try await harness.store.readScheduledDeferredTaskRuns()
            #expect(restored.map(\.id) == [creation.run.id])
        }
    }

    @Test func renameChangesNameAndUpdated() async throws {
        try await StoreHarness.withStore { harness in
            let run = try await harness.taskRun(name: "old")
            harness.clock.advance(by: 5)
            #expect(try await harness.store.renameTaskRun(id: run.id, to: "new"))
            let renamed = try #require(try await harness.store.readTaskRun(id: run.id))
            #expect(renamed.name == "new")
            #expect(renamed.updated == harness.clock.now)
            harness.clock.advance(by: 5)
            #expect(try await harness.store.renameTaskRun(id: run.id, to: nil))
            let touched = try #require(try await harness.store.readTaskRun(id: run.id))
            #expect(touched.name == "new", "no name keeps the name")
            #expect(touched.updated == harness.clock.now)
            #expect(try await harness.store.renameTaskRun(id: run.id, to: ""))
            #expect(try await harness.store.readTaskRun(id: run.id)?.name.split(separator: "-").count == 2)
            #expect(try await harness.store.renameTaskRun(id: UUID(), to: "x") == false)
        }
    }
}
