import BatonCore
import Foundation
import Testing

@testable import BatonStore

@Suite struct FlowRunTests {
    @Test func createWritesTheStateAndLabels() async throws {
        try await StoreHarness.withStore { harness in
            let flow = try await harness.flow(labels: ["team": "data"])
            let deployment = try await harness.store.createDeployment(
                DeploymentCreate(name: "d", flowID: flow.id, labels: ["tier": "gold", "team": "ops"])
            ).value.deployment
            // Prefect's with_system_labels_for_deployment: the flow's labels, its id, then the client's.
            #expect(
                deployment.labels == [
                    "team": "ops", "tier": "gold", "prefect.flow.id": .string(flow.id.lowercasedString),
                ])
            let plain = try await harness.store.createFlowRun(
                FlowRunCreate(
                    flowID: flow.id, labels: ["env": "dev"], createdBy: CreatedBy(type: "DEPLOYMENT"),
                    parameters: ["x": 1], context: ["c": true],
                    empiricalPolicy: FlowRunPolicy(retries: 2, pauseKeys: ["p"])))
            #expect(plain.created)
            let stored = plain.run
            #expect(stored.flowRun.state?.type == .pending)
            #expect(stored.flowRun.expectedStartTime == harness.clock.now)
            #expect(
                stored.flowRun.labels == [
                    "team": "data", "env": "dev", "prefect.flow.id": .string(flow.id.lowercasedString),
                ])
            #expect(try await harness.store.readFlowRun(id: stored.flowRun.id) == stored)

            let deployed = try await harness.store.createFlowRun(
                FlowRunCreate(flowID: flow.id, deploymentID: deployment.id))
            #expect(
                deployed.run.flowRun.labels == [
                    "team": "ops", "tier": "gold", "prefect.flow.id": .string(flow.id.lowercasedString),
                    "prefect.deployment.id": .string(deployment.id.lowercasedString),
                ])
        }
    }

    @Test func idempotencyKeyReturnsTheExistingRun() async throws {
        try await StoreHarness.withStore { harness in
            let flow = try await harness.flow()
            let first = try await harness.store.createFlowRun(
                FlowRunCreate(flowID: flow.id, name: "a", idempotencyKey: "k"))
            let again = try await harness.store.createFlowRun(
                FlowRunCreate(flowID: flow.id, name: "b", idempotencyKey: "k"))
            #expect(!again.created)
            #expect(again.run == first.run)
            let other = try await harness.store.createFlowRun(
                FlowRunCreate(flowID: try await harness.flow().id, idempotencyKey: "k"))
            #expect(other.created)
        }
    }

    @Test func unknownFlowIsFailedPrecondition() async throws {
        try await StoreHarness.withStore { harness in
            do {
                _ = try await harness.store.createFlowRun(FlowRunCreate(flowID: UUID()))
                Issue.record("expected failedPrecondition")
            } catch let error as StoreError {
                guard case .failedPrecondition = error else { throw error }
            }
        }
    }

    @Test func setStateKeepsTheBookkeepingTaskRulesRead() async throws {
        try await StoreHarness.withStore { harness in
            let run = try await harness.flowRun(state: .pending)
            let start = harness.clock.now.addingTimeInterval(1)
            harness.clock.set(start)
            let running = try await harness.store.setFlowRunState(id: run.id, to: StateCreate(type: .running))
            #expect(running.result.status == .accept && running.stateWritten)
            #expect(running.flowRun.flowRun.runCount == 1)
            harness.clock.advance(by: 30)
            let done = try await harness.store.setFlowRunState(id: run.id, to: StateCreate(type: .completed))
            let stored = try #require(try await harness.store.readFlowRun(id: run.id))
            #expect(stored == done.flowRun)
            #expect(stored.flowRun.state?.type == .completed)
            #expect(stored.flowRun.startTime == start)
            #expect(stored.flowRun.endTime == harness.clock.now)
            #expect(stored.totalRunTime == 30)
            #expect(stored.flowRun.state?.details.flowRunID == run.id)
            #expect(stored.estimatedRunTime(at: harness.clock.now.addingTimeInterval(100)) == 30)
            await #expect(throws: StoreError.notFound("Flow run with id \(run.flowID.lowercasedString) not found")) {
                try await harness.store.setFlowRunState(id: run.flowID, to: StateCreate(type: .running))
            }
        }
    }

    /// Prefect's `UpdateSubflowParentTask` and `UpdateSubflowStateDetails`
    /// (test_global_policy.py::test_update_subflow_parent_task,
    /// ::test_child_flow_run_states_include_parent_task_run_id).
    @Test func aSubflowRunsStatesAreForcedOntoItsParentTaskRun() async throws {
        try await StoreHarness.withStore { harness in
            let parent = try await harness.flowRun(state: .running)
            let task = try await harness.taskRun(flowRunID: parent.id)
            try await harness.propose(.running, for: task.id)
            harness.clock.advance(by: 1)

            let created = try await harness.store.createFlowRun(
                FlowRunCreate(flowID: parent.flowID, parentTaskRunID: task.id, state: StateCreate(type: .pending)))
            let child = created.run.flowRun
            #expect(child.state?.details.taskRunID == task.id)
            #expect(child.state?.details.flowRunID == child.id)
            let pending = try #require(created.parentTaskRun)
            #expect(pending.run.state?.type == .pending && pending.stateWritten)
            #expect(pending.run.state?.details.childFlowRunID == child.id)
            #expect(pending.run.state?.details.flowRunID == parent.id, "the task's own flow run, not the subflow")
            #expect(pending.run.state?.details.taskRunID == task.id)

            harness.clock.advance(by: 1)
            let running = try await harness.store.setFlowRunState(id: child.id, to: StateCreate(type: .running))
            #expect(running.flowRun.flowRun.state?.details.taskRunID == task.id)
            #expect(running.parentTaskRun?.run.state?.type == .running)
            harness.clock.advance(by: 5)
            let failed = try await harness.store.setFlowRunState(
                id: child.id, to: StateCreate(type: .failed, name: "Boom", message: "it broke", data: ["k": 1]))
            let stored = try #require(try await harness.store.readTaskRun(id: task.id))
            #expect(stored == failed.parentTaskRun?.run)
            #expect(stored.state?.type == .failed && stored.state?.name == "Boom")
            #expect(stored.state?.message == "it broke" && stored.state?.data == ["k": 1])
            #expect(stored.state?.details.childFlowRunID == child.id)
            #expect(stored.endTime == harness.clock.now)
            #expect(stored.runCount == 2, "the parent task entered RUNNING twice: its own run and the subflow's")

            let orphan = try await harness.store.setFlowRunState(id: parent.id, to: StateCreate(type: .completed))
            #expect(orphan.parentTaskRun == nil)
        }
    }

    @Test func aSubflowRunWhoseParentTaskRunIsGoneOrThatIsCreatedAgainLeavesTasksAlone() async throws {
        try await StoreHarness.withStore { harness in
            let parent = try await harness.flowRun(state: .running)
            let task = try await harness.taskRun(flowRunID: parent.id)
            let create = FlowRunCreate(flowID: parent.flowID, idempotencyKey: "once", parentTaskRunID: task.id)
            let first = try await harness.store.createFlowRun(create)
            let stateAfterCreate = try await harness.store.readTaskRun(id: task.id)?.state
            let again = try await harness.store.createFlowRun(create)
            #expect(!again.created && again.parentTaskRun == nil)
            #expect(try await harness.store.readTaskRun(id: task.id)?.state == stateAfterCreate)

            #expect(try await harness.store.deleteTaskRun(id: task.id))
            let running = try await harness.store.setFlowRunState(
                id: first.run.flowRun.id, to: StateCreate(type: .running))
            #expect(running.parentTaskRun == nil)
            #expect(running.flowRun.flowRun.state?.details.taskRunID == nil)
        }
    }

    /// Prefect's `IncrementFlowRunCount` and `RemoveResumingIndicator` (test_global_policy.py::TestPausingRules).
    @Test func aResumingRunIsNotCountedAgainAndStopsResuming() async throws {
        try await StoreHarness.withStore { harness in
            let flow = try await harness.flow()
            let created = try await harness.store.createFlowRun(
                FlowRunCreate(
                    flowID: flow.id, empiricalPolicy: FlowRunPolicy(resuming: true), state: StateCreate(type: .paused)))
            let run = created.run.flowRun
            let resumed = try await harness.store.setFlowRunState(id: run.id, to: StateCreate(type: .running))
            #expect(resumed.flowRun.flowRun.runCount == 0)
            #expect(resumed.flowRun.empiricalPolicy.resuming == false)
            let stored = try #require(try await harness.store.readFlowRun(id: run.id))
            #expect(stored.empiricalPolicy.resuming == false)
            #expect(stored.flowRun.runCount == 0)
            let again = try await harness.store.setFlowRunState(id: run.id, to: StateCreate(type: .running))
            #expect(again.flowRun.flowRun.runCount == 1)

            let resuming = try await harness.store.createFlowRun(
                FlowRunCreate(flowID: flow.id, empiricalPolicy: FlowRunPolicy(resuming: true))
            ).run.flowRun
            for (type, stillResuming) in [(StateType.paused, true), (.scheduled, true), (.failed, false)] {
                let changed = try await harness.store.setFlowRunState(id: resuming.id, to: StateCreate(type: type))
                #expect(changed.flowRun.empiricalPolicy.resuming == stillResuming, "\(type)")
            }
        }
    }

    @Test func flowRunsListWithFiltersAndSorts() async throws {
        try await StoreHarness.withStore { harness in
            let flow = try await harness.flow("etl")
            let a = try await harness.flowRun(flowID: flow.id, name: "a", tags: ["x"], state: .completed)
            harness.clock.advance(by: 10)
            let b = try await harness.flowRun(flowID: flow.id, name: "b", state: .running)
            harness.clock.advance(by: 10)
            let c = try await harness.flowRun(name: "c", state: .scheduled)
            try await harness.taskRun(flowRunID: b.id, name: "needle")
            let list = { (filters: FlowRunQueryFilters, sort: FlowRunSort) in
                try await harness.store.readFlowRuns(filters, sort: sort, limit: 200, offset: 0).map(\.flowRun.id)
            }
            #expect(try await list(.init(), .nameAscending) == [a.id, b.id, c.id])
            #expect(try await list(.init(), .nameDescending) == [c.id, b.id, a.id])
            #expect(try await list(.init(flows: .init(name: .init(anyOf: ["etl"]))), .nameAscending) == [a.id, b.id])
            #expect(try await list(.init(flowRuns: .init(tags: .init(anyOf: ["x"]))), .nameAscending) == [a.id])
            #expect(
                try await list(
                    .init(flowRuns: .init(state: .init(type: .init(notAnyOf: [.completed])))), .nameAscending)
                    == [b.id, c.id])
            #expect(
                try await list(
                    .init(flowRuns: .init(state: .init(type: .init(anyOf: [.completed], notAnyOf: [.running])))),
                    .nameAscending) == [a.id, b.id, c.id],
                "a state sub-filter with both lists is dropped")
            #expect(
                try await list(
                    .init(flowRuns: .init(state: .init(type: .init(anyOf: [.completed], notAnyOf: [])))),
                    .nameAscending) == [a.id],
                "an empty not_any_ adds no condition, so any_ alone applies")
            #expect(try await list(.init(taskRuns: .init(name: .init(anyOf: ["needle"]))), .nameAscending) == [b.id])
            #expect(try await list(.init(deployments: DeploymentFilter()), .nameAscending) == [])
            #expect(try await list(.init(), .expectedStartTimeDescending).first == c.id)
            #expect(try await list(.init(), .startTimeAscending).first == a.id)
            #expect(try await list(.init(), .endTimeDescending).first == a.id)
        }
    }

    @Test func flowRunFilterCriteria() async throws {
        try await StoreHarness.withStore { harness in
            let flow = try await harness.flow()
            let deployment = try await harness.store.createDeployment(DeploymentCreate(name: "d", flowID: flow.id))
                .value
            let parent = try await harness.flowRun(flowID: flow.id)
            let parentTask = try await harness.taskRun(flowRunID: parent.id)
            let child = try await harness.store.createFlowRun(
                FlowRunCreate(
                    flowID: flow.id, deploymentID: deployment.deployment.id, workQueueName: "q", flowVersion: "1.0",
                    idempotencyKey: "key", parentTaskRunID: parentTask.id,
                    createdBy: CreatedBy(id: flow.id, type: "AUTOMATION"))
            ).run.flowRun
            let match = { (filter: FlowRunFilter) in
                try await harness.store.readFlowRuns(.init(flowRuns: filter), sort: .default, limit: 200, offset: 0)
                    .map(\.flowRun.id)
            }
            #expect(try await match(.init(deploymentID: .init(isNull: false))) == [child.id])
            #expect(try await match(.init(workQueueName: .init(anyOf: ["q"]))) == [child.id])
            #expect(try await match(.init(flowVersion: .init(anyOf: ["1.0"]))) == [child.id])
            #expect(try await match(.init(parentFlowRunID: .init(anyOf: [parent.id]))) == [child.id])
            #expect(try await match(.init(parentTaskRunID: .init(isNull: true))) == [parent.id])
            #expect(
                try await match(.init(idempotencyKey: .init(notAnyOf: ["key"]))) == [], "NULL keys never match not_any_"
            )
            #expect(try await match(.init(createdBy: .init(ids: [flow.id], types: ["AUTOMATION"]))) == [child.id])
            #expect(try await match(.init(createdBy: .init(isNull: true))) == [parent.id])
            #expect(try await match(.init(id: .init(notAnyOf: [parent.id]))) == [child.id])
            #expect(try await match(.init(workQueueName: .init(isNull: true))) == [parent.id])
            #expect(try await match(.init(idempotencyKey: .init(anyOf: ["key"]))) == [child.id])
            #expect(try await match(.init(endTime: .init(isNull: false))) == [])
            #expect(
                try await match(.init(expectedStartTime: .init(before: harness.clock.now.addingTimeInterval(-1)))) == []
            )
            #expect(try await match(.init(nextScheduledStartTime: .init(after: harness.clock.now))) == [])
            #expect(try await match(.init(startTime: .init(isNull: true))) == [child.id])
            #expect(
                Set(try await match(.init(startTime: .init(after: harness.clock.now)))) == [parent.id, child.id],
                "the bounds fall back to the expected start time")
        }
    }

    @Test func deletingAFlowRunTakesItsLogs() async throws {
        try await StoreHarness.withStore { harness in
            let run = try await harness.flowRun()
            _ = try await harness.store.createLogs([
                LogCreate(name: "l", level: 20, message: "m", timestamp: harness.clock.now, flowRunID: run.id)
            ])
            #expect(try await harness.store.deleteFlowRun(id: run.id))
            #expect(try await harness.store.readLogs(nil, sort: .default, limit: 10, offset: 0).isEmpty)
        }
    }
}
