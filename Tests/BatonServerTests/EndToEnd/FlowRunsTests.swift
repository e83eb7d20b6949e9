import BatonClient
import BatonProto
import Foundation
import Testing

extension EndToEnd {
  /// The FlowRuns service (spec task-run-api §5, §1.7).
  @Suite struct FlowRuns {
    @Test func newRunStartsPendingWithTheFlowLabels() async throws {
      // Stopped, so that the lateness computed at each read is the same.
      try await withBatonServer(clock: ServerClock(stoppedAt: EndToEnd.newYear2030)) { baton, _ in
        let flow = try await baton.makeFlow(labels: ["team": "data"])
        let response = try await baton.flowRuns.createFlowRun(
          .with {
            $0.flowID = flow.id
            $0.name = "nightly-1"
            $0.tags = ["db"]
            $0.labels = ["attempt": 1]
            $0.parameters = ["n": 3]
          })
        #expect(response.created)
        let run = try #require(response.flowRun)
        #expect(run.flowID == flow.id)
        #expect(run.name == "nightly-1")
        #expect(run.tags == ["db"])
        #expect(run.labels == ["team": "data", "attempt": 1, "prefect.flow.id": .string(flow.id)])
        #expect(run.parameters == ["n": 3])
        #expect(run.stateType == .pending)
        #expect(run.state?.name == "Pending")
        #expect(try await baton.flowRuns.readFlowRun(.with { $0.id = run.id }) == run)
      }
    }

    @Test func deploymentRunCarriesTheDeploymentLabelsAndID() async throws {
      try await withBatonServer { baton, _ in
        let flow = try await baton.makeFlow(labels: ["from": "flow"])
        let deployment = try await baton.deployments.createDeployment(
          .with {
            $0.name = "d"
            $0.flowID = flow.id
            $0.labels = ["from": "deployment"]
          }
        ).deployment!
        let run = try await baton.makeFlowRun(flowID: flow.id) { $0.deploymentID = deployment.id }
        #expect(run.deploymentID == deployment.id)
        #expect(
          run.labels == [
            "from": "deployment", "prefect.flow.id": .string(flow.id), "prefect.deployment.id": .string(deployment.id),
          ])
      }
    }

    @Test func idempotencyKeyReturnsTheExistingRun() async throws {
      // Stopped, so that the lateness computed at each read is the same.
      try await withBatonServer(clock: ServerClock(stoppedAt: EndToEnd.newYear2030)) { baton, _ in
        let flow = try await baton.makeFlow()
        let request = Baton_V1_CreateFlowRunRequest.with {
          $0.flowID = flow.id
          $0.idempotencyKey = "2030-01-01"
        }
        let first = try await baton.flowRuns.createFlowRun(request)
        let second = try await baton.flowRuns.createFlowRun(request)
        #expect([first.created, second.created] == [true, false])
        #expect(second.flowRun == first.flowRun)
        let third = try await baton.flowRuns.createFlowRun(.with { $0.flowID = flow.id })
        #expect(third.created)
        #expect(third.flowRun?.id != first.flowRun?.id)
      }
    }

    @Test func unknownFlowOrDeploymentIsFailedPrecondition() async throws {
      try await withBatonServer { baton, _ in
        let missing = UUID().uuidString.lowercased()
        await expectRPCError(.failedPrecondition, message: "Flow \(missing) does not exist.") {
          try await baton.flowRuns.createFlowRun(.with { $0.flowID = missing })
        }
        let flow = try await baton.makeFlow()
        await expectRPCError(.failedPrecondition, message: "Deployment \(missing) does not exist.") {
          try await baton.flowRuns.createFlowRun(
            .with {
              $0.flowID = flow.id
              $0.deploymentID = missing
            })
        }
        await expectInvalidArgument([.missing("flow_id")]) {
          try await baton.flowRuns.createFlowRun(.init())
        }
      }
    }

    @Test func setStateIsAcceptedWithItsBookkeeping() async throws {
      try await withBatonServer { baton, _ in
        let run = try await baton.makeFlowRun(state: .pending)
        let result = try await baton.flowRuns.setFlowRunState(
          .with {
            $0.id = run.id
            $0.state = .of(.running)
          })
        #expect(result.status == .accept)
        #expect(result.created)
        #expect(result.state?.type == .running)
        let running = try await baton.flowRuns.readFlowRun(.with { $0.id = run.id })
        #expect(running.stateID == result.state?.id)
        #expect(running.runCount == 1)
        #expect(running.startTime == result.state?.timestamp)
      }
    }

    @Test func unknownRunIsNotFound() async throws {
      try await withBatonServer { baton, _ in
        let id = UUID().uuidString.lowercased()
        await expectRPCError(.notFound, message: "Flow run not found") {
          try await baton.flowRuns.readFlowRun(.with { $0.id = id })
        }
        await expectRPCError(.notFound, message: "Flow run not found") {
          try await baton.flowRuns.deleteFlowRun(.with { $0.id = id })
        }
        await expectRPCError(.notFound, message: "Flow run with id \(id) not found") {
          try await baton.flowRuns.setFlowRunState(
            .with {
              $0.id = id
              $0.state = .of(.running)
            })
        }
        await expectInvalidArgument([.missing("state")]) {
          try await baton.flowRuns.setFlowRunState(.with { $0.id = id })
        }
      }
    }

    @Test func listIsFilteredSortedAndWindowed() async throws {
      try await withBatonServer { baton, _ in
        let alpha = try await baton.makeFlow(named: "alpha")
        let beta = try await baton.makeFlow(named: "beta")
        _ = try await baton.makeFlowRun(flowID: alpha.id) { $0.name = "b-run" }
        _ = try await baton.makeFlowRun(flowID: alpha.id, state: .completed) { $0.name = "a-run" }
        let third = try await baton.makeFlowRun(flowID: beta.id) { $0.name = "c-run" }
        _ = try await baton.makeTaskRun {
          $0.flowRunID = third.id
          $0.name = "only-task"
        }
        let names: (Baton_V1_ReadFlowRunsRequest) async throws -> [String] = { request in
          try await baton.flowRuns.readFlowRuns(request).flowRuns.map(\.name)
        }
        #expect(try await names(.with { $0.sort = .nameAsc }) == ["a-run", "b-run", "c-run"])
        #expect(
          try await names(
            .with {
              $0.sort = .nameDesc
              $0.flows = .with { $0.name = .with { $0.any_ = .init(values: ["alpha"]) } }
            }) == ["b-run", "a-run"])
        #expect(
          try await names(
            .with {
              $0.flowRuns = .with { $0.state = .with { $0.type = .with { $0.any_ = .init(values: [.completed]) } } }
            })
            == ["a-run"])
        #expect(
          try await names(.with { $0.taskRuns = .with { $0.name = .with { $0.any_ = .init(values: ["only-task"]) } } })
            == ["c-run"])
        #expect(
          try await names(
            .with {
              $0.sort = .nameAsc
              $0.limit = 1
              $0.offset = 1
            }) == ["b-run"])
        await expectInvalidArgument(field: "offset", message: "Invalid offset: must be greater than or equal to 0.") {
          try await baton.flowRuns.readFlowRuns(.with { $0.offset = -1 })
        }
      }
    }

    @Test func deleteRemovesTheRunAndItsTaskRuns() async throws {
      try await withBatonServer { baton, _ in
        let run = try await baton.makeFlowRun()
        let taskRun = try await baton.makeTaskRun { $0.flowRunID = run.id }
        _ = try await baton.flowRuns.deleteFlowRun(.with { $0.id = run.id })
        await expectRPCError(.notFound, message: "Flow run not found") {
          try await baton.flowRuns.readFlowRun(.with { $0.id = run.id })
        }
        await expectRPCError(.notFound, message: "Task not found") { try await baton.taskRun(taskRun.id) }
      }
    }
  }
}
