import BatonClient
import BatonProto
import Foundation
import Testing

extension EndToEnd {
  /// The Flows service (spec task-run-api §5).
  @Suite struct Flows {
    @Test func createIsIdempotentByName() async throws {
      try await withBatonServer { baton, _ in
        let first = try await baton.flows.createFlow(
          .with {
            $0.name = "etl"
            $0.tags = ["db"]
            $0.labels = ["team": "data"]
          })
        #expect(first.created)
        let flow = try #require(first.flow)
        #expect(flow.name == "etl")
        #expect(flow.tags == ["db"])
        #expect(flow.labels == ["team": "data"])
        let second = try await baton.flows.createFlow(
          .with {
            $0.name = "etl"
            $0.tags = ["other"]
          })
        #expect(!second.created)
        #expect(second.flow == flow)
        #expect(try await baton.flows.readFlow(.with { $0.id = flow.id }) == flow)
      }
    }

    @Test func nameIsRequiredAndMustNotContainReservedCharacters() async throws {
      try await withBatonServer { baton, _ in
        await expectInvalidArgument([.missing("name")]) {
          try await baton.flows.createFlow(.init())
        }
        await expectInvalidArgument(
          field: "name",
          message: "Name 'a/b' contains an invalid character. Must not contain any of: ['/', '%', '&', '>', '<']."
        ) {
          try await baton.flows.createFlow(.with { $0.name = "a/b" })
        }
      }
    }

    @Test func unknownFlowIsNotFound() async throws {
      try await withBatonServer { baton, _ in
        await expectRPCError(.notFound, message: "Flow not found") {
          try await baton.flows.readFlow(.with { $0.id = UUID().uuidString })
        }
        await expectRPCError(.notFound, message: "Flow not found") {
          try await baton.flows.deleteFlow(.with { $0.id = UUID().uuidString })
        }
        await expectInvalidArgument([.notAUUID("id")]) {
          try await baton.flows.readFlow(.with { $0.id = "etl" })
        }
      }
    }

    @Test func listIsFilteredOrderedByNameAndWindowed() async throws {
      try await withBatonServer { baton, _ in
        for name in ["gamma", "alpha", "beta-2", "beta-1"] {
          _ = try await baton.makeFlow(named: name, tags: name.hasPrefix("beta") ? ["b"] : [])
        }
        let names: (Baton_V1_ReadFlowsRequest) async throws -> [String] = { request in
          try await baton.flows.readFlows(request).flows.map(\.name)
        }
        #expect(try await names(.init()) == ["alpha", "beta-1", "beta-2", "gamma"])
        #expect(
          try await names(.with { $0.flows = .with { $0.name = .with { $0.like_ = "ETA" } } }) == ["beta-1", "beta-2"])
        #expect(
          try await names(.with { $0.flows = .with { $0.tags = .with { $0.isNull_ = true } } }) == ["alpha", "gamma"])
        #expect(
          try await names(
            .with {
              $0.limit = 2
              $0.offset = 1
            }) == ["beta-1", "beta-2"])
        await expectInvalidArgument(field: "limit", message: "Invalid limit: must be less than or equal to 200.") {
          try await baton.flows.readFlows(.with { $0.limit = 201 })
        }
      }
    }

    @Test func deleteRemovesItsDeploymentsFlowRunsAndTaskRuns() async throws {
      try await withBatonServer { baton, _ in
        let flow = try await baton.makeFlow()
        let deployment = try await baton.deployments.createDeployment(
          .with {
            $0.name = "d"
            $0.flowID = flow.id
          }
        ).deployment!
        let flowRun = try await baton.makeFlowRun(flowID: flow.id)
        let taskRun = try await baton.makeTaskRun { $0.flowRunID = flowRun.id }
        _ = try await baton.flows.deleteFlow(.with { $0.id = flow.id })
        await expectRPCError(.notFound, message: "Flow not found") {
          try await baton.flows.readFlow(.with { $0.id = flow.id })
        }
        await expectRPCError(.notFound, message: "Deployment not found") {
          try await baton.deployments.readDeployment(.with { $0.id = deployment.id })
        }
        await expectRPCError(.notFound, message: "Flow run not found") {
          try await baton.flowRuns.readFlowRun(.with { $0.id = flowRun.id })
        }
        await expectRPCError(.notFound, message: "Task not found") { try await baton.taskRun(taskRun.id) }
      }
    }
  }
}
