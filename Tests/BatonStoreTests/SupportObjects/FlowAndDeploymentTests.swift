import BatonCore
import Foundation
import Testing

@testable import BatonStore

@Suite struct FlowAndDeploymentTests {
    @Test func flowsAreCreatedIdempotentlyByName() async throws {
        try await StoreHarness.withStore { harness in
            let first = try await harness.store.createFlow(FlowCreate(name: "etl", tags: ["a"], labels: ["team": "x"]))
            #expect(first.created)
            #expect(first.value.created == harness.clock.now)
            let again = try await harness.store.createFlow(FlowCreate(name: "etl", tags: ["other"]))
            #expect(!again.created)
            #expect(again.value == first.value)
            #expect(try await harness.store.readFlow(id: first.value.flow.id) == first.value)
            #expect(try await harness.store.readFlow(id: UUID()) == nil)
        }
    }

    @Test func flowsListByNameWithFilters() async throws {
        try await StoreHarness.withStore { harness in
            let b = try await harness.flow("b-flow", tags: ["db"])
            let a = try await harness.flow("a-flow")
            _ = try await harness.store.createDeployment(DeploymentCreate(name: "d", flowID: b.id))
            let list = { (filter: FlowFilter?) in
                try await harness.store.readFlows(filter, limit: 200, offset: 0).map(\.flow.id)
            }
            #expect(try await list(nil) == [a.id, b.id])
            #expect(try await list(FlowFilter(tags: .init(allOf: ["db"]))) == [b.id])
            #expect(try await list(FlowFilter(tags: .init(isNull: true))) == [a.id])
            #expect(try await list(FlowFilter(deployment: .init(isNull: true))) == [a.id])
            #expect(try await list(FlowFilter(deployment: .init(isNull: false))) == [b.id])
            #expect(try await list(FlowFilter(id: .init(notAnyOf: [a.id]))) == [b.id])
            #expect(try await list(FlowFilter(name: .init(like: "A-"))) == [a.id])
            #expect(try await harness.store.readFlows(nil, limit: 1, offset: 1).map(\.flow.id) == [b.id])
        }
    }

    @Test func deploymentsUpsertByFlowAndName() async throws {
        try await StoreHarness.withStore { harness in
            let flow = try await harness.flow()
            let created = try await harness.store.createDeployment(
                DeploymentCreate(name: "nightly", flowID: flow.id, tags: ["a"], workQueueName: "q1"))
            #expect(created.created)
            harness.clock.advance(by: 1)
            let upserted = try await harness.store.createDeployment(
                DeploymentCreate(name: "nightly", flowID: flow.id, paused: true, tags: ["b"]))
            #expect(!upserted.created)
            #expect(upserted.value.deployment.id == created.value.deployment.id)
            #expect(upserted.value.deployment.paused)
            #expect(upserted.value.deployment.tags == ["b"])
            #expect(upserted.value.deployment.workQueueName == nil)
            #expect(upserted.value.created == created.value.created)
            #expect(upserted.value.updated == harness.clock.now)
        }
    }

    @Test func deploymentOfUnknownFlowIsFailedPrecondition() async throws {
        try await StoreHarness.withStore { harness in
            let flowID = UUID()
            await #expect(throws: StoreError.failedPrecondition("Flow \(flowID.lowercasedString) does not exist.")) {
                try await harness.store.createDeployment(DeploymentCreate(name: "d", flowID: flowID))
            }
        }
    }

    @Test func deploymentUpdatesOnlyPresentFields() async throws {
        try await StoreHarness.withStore { harness in
            let flow = try await harness.flow()
            let id = try await harness.store.createDeployment(
                DeploymentCreate(name: "d", flowID: flow.id, tags: ["keep"], labels: ["k": 1])
            ).value.deployment.id
            #expect(try await harness.store.updateDeployment(id: id, DeploymentUpdate(paused: true)))
            var deployment = try #require(try await harness.store.readDeployment(id: id)).deployment
            #expect(deployment.paused && deployment.tags == ["keep"] && deployment.labels["k"] == 1)
            #expect(try await harness.store.updateDeployment(id: id, DeploymentUpdate(tags: [], workQueueName: "q")))
            deployment = try #require(try await harness.store.readDeployment(id: id)).deployment
            #expect(deployment.tags == [] && deployment.workQueueName == "q" && deployment.paused)
            #expect(try await harness.store.updateDeployment(id: UUID(), DeploymentUpdate(paused: false)) == false)
        }
    }

    @Test func deploymentsListWithFlowAndDeploymentFilters() async throws {
        try await StoreHarness.withStore { harness in
            let etl = try await harness.flow("etl")
            let other = try await harness.flow("other")
            let a = try await harness.store.createDeployment(DeploymentCreate(name: "a", flowID: etl.id, paused: true))
            let b = try await harness.store.createDeployment(DeploymentCreate(name: "b", flowID: other.id, tags: ["x"]))
            let list = { (flows: FlowFilter?, deployments: DeploymentFilter?) in
                try await harness.store.readDeployments(flows: flows, deployments: deployments, limit: 200, offset: 0)
                    .map(\.deployment.id)
            }
            let ids = (a.value.deployment.id, b.value.deployment.id)
            #expect(try await list(nil, nil) == [ids.0, ids.1])
            #expect(try await list(FlowFilter(name: .init(anyOf: ["etl"])), nil) == [ids.0])
            #expect(try await list(nil, DeploymentFilter(paused: .init(equals: false))) == [ids.1])
            #expect(try await list(nil, DeploymentFilter(flowOrDeploymentName: .init(like: "ET"))) == [ids.0])
            #expect(try await list(nil, DeploymentFilter(tags: .init(anyOf: ["x", "y"]))) == [ids.1])
            #expect(try await list(nil, DeploymentFilter(tags: .init(anyOf: []))) == [])
            #expect(try await list(nil, DeploymentFilter(workQueueName: .init(anyOf: ["q"]))) == [])
            #expect(try await list(nil, DeploymentFilter(id: .init(notAnyOf: [ids.0]))) == [ids.1])
            #expect(
                try await list(nil, DeploymentFilter(concurrencyLimit: .init(greaterThanOrEqual: 99))) == [
                    ids.0, ids.1,
                ])
        }
    }

    @Test func deletingADeploymentKeepsItsFlowRuns() async throws {
        try await StoreHarness.withStore { harness in
            let flow = try await harness.flow()
            let deployment = try await harness.store.createDeployment(DeploymentCreate(name: "d", flowID: flow.id))
                .value
            let run = try await harness.flowRun(flowID: flow.id, deploymentID: deployment.deployment.id)
            #expect(try await harness.store.deleteDeployment(id: deployment.deployment.id))
            #expect(try await harness.store.readFlowRun(id: run.id)?.flowRun.deploymentID == nil)
            #expect(try await harness.store.deleteDeployment(id: deployment.deployment.id) == false)
        }
    }
}
