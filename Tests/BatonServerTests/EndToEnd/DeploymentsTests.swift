import BatonClient
import BatonProto
import Foundation
import Testing

extension EndToEnd {
  /// The Deployments service (spec task-run-api §5, §3.4).
  @Suite struct Deployments {
    @Test func createUpsertsByFlowAndName() async throws {
      try await withBatonServer { baton, _ in
        let flow = try await baton.makeFlow()
        let first = try await baton.deployments.createDeployment(
          .with {
            $0.name = "nightly"
            $0.flowID = flow.id
            $0.tags = ["prod"]
            $0.workQueueName = "default"
          })
        #expect(first.created)
        let deployment = try #require(first.deployment)
        #expect(deployment.name == "nightly")
        #expect(deployment.flowID == flow.id)
        #expect(!deployment.paused)
        #expect(deployment.tags == ["prod"])
        #expect(deployment.workQueueName == "default")

        let second = try await baton.deployments.createDeployment(
          .with {
            $0.name = "nightly"
            $0.flowID = flow.id
            $0.paused = true
            $0.tags = ["staging"]
          })
        #expect(!second.created)
        #expect(second.deployment?.id == deployment.id)
        #expect(second.deployment?.paused == true)
        #expect(second.deployment?.tags == ["staging"])
        #expect(try await baton.deployments.readDeployment(.with { $0.id = deployment.id }) == second.deployment)
      }
    }

    @Test func invalidOrUnknownFlowIsRefused() async throws {
      try await withBatonServer { baton, _ in
        let missing = UUID().uuidString.lowercased()
        await expectRPCError(.failedPrecondition, message: "Flow \(missing) does not exist.") {
          try await baton.deployments.createDeployment(
            .with {
              $0.name = "d"
              $0.flowID = missing
            })
        }
        await expectInvalidArgument([
          .missing("name"),
          .missing("flow_id"),
        ]) {
          try await baton.deployments.createDeployment(.init())
        }
      }
    }

    @Test func updateChangesOnlyThePresentFields() async throws {
      try await withBatonServer { baton, _ in
        let flow = try await baton.makeFlow()
        let deployment = try await baton.deployments.createDeployment(
          .with {
            $0.name = "d"
            $0.flowID = flow.id
            $0.tags = ["prod"]
            $0.workQueueName = "default"
          }
        ).deployment!
        _ = try await baton.deployments.updateDeployment(
          .with {
            $0.id = deployment.id
            $0.paused = true
          })
        let paused = try await baton.deployments.readDeployment(.with { $0.id = deployment.id })
        #expect(paused.paused)
        #expect(paused.tags == ["prod"])
        #expect(paused.workQueueName == "default")
        _ = try await baton.deployments.updateDeployment(
          .with {
            $0.id = deployment.id
            $0.tags = .init(values: [])
            $0.labels = ["owner": "ops"]
          })
        let cleared = try await baton.deployments.readDeployment(.with { $0.id = deployment.id })
        #expect(cleared.tags == [])
        #expect(cleared.labels == ["owner": "ops"])
        #expect(cleared.paused)
      }
    }

    @Test func unknownDeploymentIsNotFound() async throws {
      try await withBatonServer { baton, _ in
        let id = UUID().uuidString
        await expectRPCError(.notFound, message: "Deployment not found") {
          try await baton.deployments.readDeployment(.with { $0.id = id })
        }
        await expectRPCError(.notFound, message: "Deployment not found") {
          try await baton.deployments.updateDeployment(
            .with {
              $0.id = id
              $0.paused = true
            })
        }
        await expectRPCError(.notFound, message: "Deployment not found") {
          try await baton.deployments.deleteDeployment(.with { $0.id = id })
        }
      }
    }

    @Test func listIsFilteredAndOrderedByName() async throws {
      try await withBatonServer { baton, _ in
        let alpha = try await baton.makeFlow(named: "alpha")
        let beta = try await baton.makeFlow(named: "beta")
        for (name, flowID, paused) in [
          ("z-deploy", alpha.id, false), ("m-deploy", beta.id, true), ("a-deploy", alpha.id, false),
        ] {
          _ = try await baton.deployments.createDeployment(
            .with {
              $0.name = name
              $0.flowID = flowID
              $0.paused = paused
            })
        }
        let names: (Baton_V1_ReadDeploymentsRequest) async throws -> [String] = { request in
          try await baton.deployments.readDeployments(request).deployments.map(\.name)
        }
        #expect(try await names(.init()) == ["a-deploy", "m-deploy", "z-deploy"])
        #expect(
          try await names(.with { $0.flows = .with { $0.name = .with { $0.any_ = .init(values: ["alpha"]) } } }) == [
            "a-deploy", "z-deploy",
          ])
        #expect(
          try await names(.with { $0.deployments = .with { $0.paused = .with { $0.eq_ = true } } }) == ["m-deploy"])
        #expect(
          try await names(.with { $0.deployments = .with { $0.flowOrDeploymentName = .with { $0.like_ = "BET" } } })
            == ["m-deploy"])
        #expect(try await names(.with { $0.limit = 1 }) == ["a-deploy"])
      }
    }

    @Test func deleteKeepsFlowRunsWithoutTheirDeployment() async throws {
      try await withBatonServer { baton, _ in
        let flow = try await baton.makeFlow()
        let deployment = try await baton.deployments.createDeployment(
          .with {
            $0.name = "d"
            $0.flowID = flow.id
          }
        ).deployment!
        let run = try await baton.makeFlowRun(flowID: flow.id) { $0.deploymentID = deployment.id }
        _ = try await baton.deployments.deleteDeployment(.with { $0.id = deployment.id })
        await expectRPCError(.notFound, message: "Deployment not found") {
          try await baton.deployments.readDeployment(.with { $0.id = deployment.id })
        }
        let kept = try await baton.flowRuns.readFlowRun(.with { $0.id = run.id })
        #expect(kept.deploymentID == nil)
      }
    }
  }
}
