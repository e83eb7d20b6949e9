import BatonClient
import BatonProto
import Foundation
import GRPCCore
import Testing

extension EndToEnd {
  /// ReadTaskRun, UpdateTaskRun, DeleteTaskRun and WatchTaskRuns over a socket (spec
  /// task-run-api §2.2, §2.5, §2.8).
  @Suite struct TaskRunReadUpdateDelete {
    @Test func unknownRunIsNotFound() async throws {
      try await withBatonServer { baton, _ in
        await expectRPCError(.notFound, message: "Task not found") {
          try await baton.taskRun(UUID().uuidString.lowercased())
        }
      }
    }

    @Test func readAcceptsUppercaseIDs() async throws {
      try await withBatonServer { baton, _ in
        let run = try await baton.makeTaskRun()
        #expect(try await baton.taskRun(run.id.uppercased()).id == run.id)
      }
    }

    @Test func readWithAMalformedOrMissingIDIsInvalid() async throws {
      try await withBatonServer { baton, _ in
        await expectInvalidArgument([.notAUUID("id")]) { try await baton.taskRun("42") }
        await expectInvalidArgument([.missing("id")]) { try await baton.taskRun("") }
      }
    }

    /// Prefect's /task_run_states routes (tests/server/orchestration/api/test_task_run_states.py).
    @Test func aRunsStatesAreReadOneByOneOrAllOldestFirst() async throws {
      try await withBatonServer { baton, _ in
        let run = try await baton.makeTaskRun()
        _ = try await baton.propose(.of(.running), to: run.id)
        let done = try await baton.propose(.of(.completed, name: "Done"), to: run.id)
        let states = try await baton.taskRuns.readTaskRunStates(.with { $0.taskRunID = run.id }).states
        #expect(states.map(\.type) == [.pending, .running, .completed])
        #expect(states.first?.id == run.state?.id)
        #expect(states.last == done.state)
        let running = try await baton.taskRuns.readTaskRunState(.with { $0.id = states[1].id })
        #expect(running == states[1])
        #expect(running.stateDetails?.taskRunID == run.id)

        let unknownRun = try await baton.taskRuns.readTaskRunStates(.with { $0.taskRunID = UUID().uuidString })
        #expect(unknownRun.states.isEmpty)
        await expectRPCError(.notFound, message: "Task run state not found") {
          try await baton.taskRuns.readTaskRunState(.with { $0.id = UUID().uuidString })
        }
        await expectInvalidArgument([.notAUUID("task_run_id")]) {
          try await baton.taskRuns.readTaskRunStates(.with { $0.taskRunID = "nope" })
        }
        await expectInvalidArgument([.missing("id")]) { try await baton.taskRuns.readTaskRunState(.init()) }

        _ = try await baton.taskRuns.deleteTaskRun(.with { $0.id = run.id })
        #expect(try await baton.taskRuns.readTaskRunStates(.with { $0.taskRunID = run.id }).states.isEmpty)
        await expectRPCError(.notFound, message: "Task run state not found") {
          try await baton.taskRuns.readTaskRunState(.with { $0.id = states[0].id })
        }
      }
    }

    @Test func renameChangesTheNameAndUpdated() async throws {
      try await withBatonServer { baton, _ in
        let run = try await baton.makeTaskRun { $0.name = "before" }
        _ = try await baton.taskRuns.updateTaskRun(
          .with {
            $0.id = run.id
            $0.name = "after"
          })
        let renamed = try await baton.taskRun(run.id)
        #expect(renamed.name == "after")
        #expect(renamed.updated! > run.updated!)
        #expect(renamed.created == run.created)
      }
    }

    @Test func renameToEmptyGivesASlugAndAbsentNameKeepsIt() async throws {
      try await withBatonServer { baton, _ in
        let run = try await baton.makeTaskRun { $0.name = "before" }
        _ = try await baton.taskRuns.updateTaskRun(.with { $0.id = run.id })
        #expect(try await baton.taskRun(run.id).name == "before")
        _ = try await baton.taskRuns.updateTaskRun(
          .with {
            $0.id = run.id
            $0.name = ""
          })
        let slugged = try await baton.taskRun(run.id).name
        #expect(slugged.wholeMatch(of: /[a-z]+-[a-z]+/) != nil, "\(slugged)")
      }
    }

    @Test func renameOfAnUnknownRunIsNotFound() async throws {
      try await withBatonServer { baton, _ in
        await expectRPCError(.notFound, message: "Task run not found") {
          try await baton.taskRuns.updateTaskRun(
            .with {
              $0.id = UUID().uuidString
              $0.name = "x"
            })
        }
        await expectInvalidArgument([.notAUUID("id")]) {
          try await baton.taskRuns.updateTaskRun(.with { $0.id = "x" })
        }
      }
    }

    @Test func deleteRemovesTheRunItsStatesAndOnlyItsLogs() async throws {
      try await withBatonServer { baton, _ in
        let flowRun = try await baton.makeFlowRun()
        let doomed = try await baton.makeTaskRun { $0.flowRunID = flowRun.id }
        let kept = try await baton.makeTaskRun {
          $0.flowRunID = flowRun.id
          $0.dynamicKey = "1"
        }
        _ = try await baton.propose(.of(.running), to: doomed.id)
        let lines = [doomed.id, doomed.id, kept.id, nil].enumerated().map { position, taskRunID in
          Baton_V1_LogCreate.with {
            $0.name = "prefect.task_runs"
            $0.level = 20
            $0.message = "line \(position)"
            $0.timestamp = Date(timeIntervalSince1970: 1_700_000_000 + Double(position))
            $0.flowRunID = flowRun.id
            $0.taskRunID = taskRunID
          }
        }
        #expect(try await baton.logs.createLogs(.with { $0.logs = lines }).count == 4)

        _ = try await baton.taskRuns.deleteTaskRun(.with { $0.id = doomed.id })

        await expectRPCError(.notFound, message: "Task not found") { try await baton.taskRun(doomed.id) }
        await expectRPCError(.notFound, message: "Task run with id \(doomed.id) not found") {
          try await baton.propose(.of(.completed), to: doomed.id)
        }
        let remaining = try await baton.logs.readLogs(.init()).logs
        #expect(remaining.map(\.message) == ["line 2", "line 3"])
        #expect(remaining.map(\.taskRunID) == [kept.id, nil])
        #expect(try await baton.taskRun(kept.id).id == kept.id)
      }
    }

    @Test func deleteDetachesSubflowRuns() async throws {
      try await withBatonServer { baton, _ in
        let parent = try await baton.makeFlowRun()
        let wrapper = try await baton.makeTaskRun { $0.flowRunID = parent.id }
        let subflow = try await baton.makeFlowRun { $0.parentTaskRunID = wrapper.id }
        #expect(subflow.parentTaskRunID == wrapper.id)
        _ = try await baton.taskRuns.deleteTaskRun(.with { $0.id = wrapper.id })
        let detached = try await baton.flowRuns.readFlowRun(.with { $0.id = subflow.id })
        #expect(detached.parentTaskRunID == nil)
      }
    }

    @Test func deleteOfAnUnknownRunIsNotFound() async throws {
      try await withBatonServer { baton, _ in
        await expectRPCError(.notFound, message: "Task not found") {
          try await baton.taskRuns.deleteTaskRun(.with { $0.id = UUID().uuidString })
        }
        await expectInvalidArgument([.notAUUID("id")]) {
          try await baton.taskRuns.deleteTaskRun(.with { $0.id = "nope" })
        }
      }
    }

    @Test func deletingTheFlowRunDeletesItsTaskRuns() async throws {
      try await withBatonServer { baton, _ in
        let flowRun = try await baton.makeFlowRun()
        let run = try await baton.makeTaskRun { $0.flowRunID = flowRun.id }
        _ = try await baton.flowRuns.deleteFlowRun(.with { $0.id = flowRun.id })
        await expectRPCError(.notFound, message: "Task run with id \(run.id) not found") {
          try await baton.propose(.of(.running), to: run.id)
        }
        #expect(try await baton.taskRuns.countTaskRuns(.init()).count == 0)
      }
    }

  }
}
