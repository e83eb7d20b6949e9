import BatonClient
import BatonProto
import Foundation
import GRPCCore
import Testing

extension EndToEnd {
  /// CreateTaskRun over a socket (spec task-run-api §2.1, §1.7, tests in §7.1).
  @Suite struct TaskRunCreation {
    @Test func newRunUnderAFlowRunStartsPendingWithTheParentLabelsMergedUnderTheClients() async throws {
      // Stopped, so that the lateness computed at each read is the same.
      try await withBatonServer(clock: ServerClock(stoppedAt: EndToEnd.newYear2030)) { baton, _ in
        let flow = try await baton.makeFlow(labels: ["team": "data", "env": "prod"])
        let flowRun = try await baton.makeFlowRun(flowID: flow.id) { $0.labels = ["run": "nightly"] }
        let response = try await baton.taskRuns.createTaskRun(
          .with {
            $0.name = "extract"
            $0.flowRunID = flowRun.id
            $0.taskKey = "etl.extract"
            $0.dynamicKey = "0"
            $0.tags = ["db"]
            $0.labels = ["env": "dev"]
          })
        #expect(response.created)
        let run = try #require(response.taskRun)
        #expect(run.name == "extract")
        #expect(run.flowRunID == flowRun.id)
        #expect(run.taskKey == "etl.extract")
        #expect(run.dynamicKey == "0")
        #expect(run.tags == ["db"])
        #expect(
          run.labels == [
            "team": "data", "env": "dev", "run": "nightly", "prefect.flow.id": .string(flow.id),
            "prefect.flow-run.id": .string(flowRun.id),
          ])
        #expect(run.stateType == .pending)
        #expect(run.stateName == "Pending")
        let state = try #require(run.state)
        #expect(run.stateID == state.id)
        #expect(state.name == "Pending")
        #expect(state.stateDetails?.taskRunID == run.id)
        #expect(state.stateDetails?.flowRunID == flowRun.id)
        #expect(run.expectedStartTime == state.timestamp)
        #expect(run.runCount == 0)
        #expect(run.startTime == nil)
        #expect(try await baton.taskRun(run.id) == run)
      }
    }

    @Test func runWithoutANameGetsATwoWordSlug() async throws {
      try await withBatonServer { baton, _ in
        let run = try await baton.makeTaskRun()
        #expect(run.name.wholeMatch(of: /[a-z]+-[a-z]+/) != nil, "\(run.name)")
        #expect(run.flowRunID == nil)
        #expect(run.labels == [:])
      }
    }

    @Test func givenInitialStateIsWrittenWithoutOrchestration() async throws {
      try await withBatonServer { baton, _ in
        let scheduledTime = Date(timeIntervalSince1970: 4_000_000_000)
        // RUNNING before the scheduled time would WAIT if it were orchestrated.
        let run = try await baton.makeTaskRun {
          $0.state = .of(.running, name: "Started") { $0.scheduledTime = scheduledTime }
        }
        #expect(run.stateType == .running)
        #expect(run.stateName == "Started")
        #expect(run.runCount == 1)
        #expect(run.startTime == run.state?.timestamp)
      }
    }

    @Test func runCreatedTerminalStartsAndEndsAtItsStateTime() async throws {
      try await withBatonServer { baton, _ in
        let run = try await baton.makeTaskRun { $0.state = .of(.failed) }
        let timestamp = try #require(run.state?.timestamp)
        #expect(run.startTime == timestamp)
        #expect(run.endTime == timestamp)
        #expect(run.runCount == 0)
      }
    }

    @Test func taskInputsRoundTripExactly() async throws {
      try await withBatonServer { baton, _ in
        let upstream = UUID().uuidString.lowercased()
        let inputs: [String: Baton_V1_TaskInputs] = [
          "x": .with { $0.inputs = [.with { $0.input = .taskRun(.with { $0.id = upstream }) }] },
          "y": Baton_V1_TaskInputs(),
          "z": .with {
            $0.inputs = [
              .with { $0.input = .parameter(.with { $0.name = "limit" }) },
              .with { $0.input = .constant(.with { $0.type = "int" }) },
            ]
          },
        ]
        let run = try await baton.makeTaskRun { $0.taskInputs = inputs }
        #expect(run.taskInputs == inputs)
        #expect(try await baton.taskRun(run.id).taskInputs == inputs)
      }
    }

    @Test func repeatedCreateReturnsTheExistingRunUntouched() async throws {
      // Stopped, so that the lateness computed at each read is the same.
      try await withBatonServer(clock: ServerClock(stoppedAt: EndToEnd.newYear2030)) { baton, _ in
        let flowRun = try await baton.makeFlowRun()
        let first = try await baton.taskRuns.createTaskRun(
          .with {
            $0.flowRunID = flowRun.id
            $0.taskKey = "t"
            $0.dynamicKey = "7"
            $0.name = "first"
            $0.state = .of(.scheduled)
          })
        let second = try await baton.taskRuns.createTaskRun(
          .with {
            $0.flowRunID = flowRun.id
            $0.taskKey = "t"
            $0.dynamicKey = "7"
            $0.name = "second"
            $0.tags = ["ignored"]
            $0.state = .of(.running)
          })
        #expect(first.created)
        #expect(!second.created)
        #expect(second.taskRun == first.taskRun)
        #expect(second.taskRun?.stateType == .scheduled)
      }
    }

    @Test func sameKeysUnderAnotherFlowRunOrWithAnotherDynamicKeyAreNewRuns() async throws {
      try await withBatonServer { baton, _ in
        let flowRunID = try await baton.makeFlowRun().id
        let create: (String?, String) async throws -> Baton_V1_CreateTaskRunResponse = { flowRunID, dynamicKey in
          try await baton.taskRuns.createTaskRun(
            .with {
              $0.flowRunID = flowRunID
              $0.taskKey = "t"
              $0.dynamicKey = dynamicKey
            })
        }
        let autonomous = try await create(nil, "0")
        let underFlowRun = try await create(flowRunID, "0")
        let otherDynamicKey = try await create(nil, "1")
        let again = try await create(nil, "0")
        #expect(
          [autonomous.created, underFlowRun.created, otherDynamicKey.created, again.created] == [
            true, true, true, false,
          ])
        let ids = Set([autonomous, underFlowRun, otherDynamicKey].map { $0.taskRun!.id })
        #expect(ids.count == 3)
        #expect(again.taskRun?.id == autonomous.taskRun?.id)
      }
    }

    @Test(arguments: [false, true])
    func concurrentIdenticalCreatesMakeOneRunCreatedExactlyOnce(underFlowRun: Bool) async throws {
      try await withBatonServer { baton, _ in
        let flowRunID = underFlowRun ? try await baton.makeFlowRun().id : nil
        let request = Baton_V1_CreateTaskRunRequest.with {
          $0.flowRunID = flowRunID
          $0.taskKey = "fan-out"
          $0.dynamicKey = "0"
        }
        let responses = try await withThrowingTaskGroup(of: Baton_V1_CreateTaskRunResponse.self) { group in
          for _ in 0..<8 {
            group.addTask { try await baton.taskRuns.createTaskRun(request) }
          }
          return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(responses.count == 8)
        #expect(responses.filter(\.created).count == 1)
        #expect(Set(responses.map { $0.taskRun!.id }).count == 1)
        #expect(try await baton.taskRuns.countTaskRuns(.init()).count == 1)
      }
    }

    @Test func clientChosenIDIsHonoured() async throws {
      try await withBatonServer { baton, _ in
        let id = UUID().uuidString.lowercased()
        let run = try await baton.makeTaskRun { $0.id = id }
        #expect(run.id == id)
        #expect(run.state?.stateDetails?.taskRunID == id)
      }
    }

    @Test(arguments: [false, true])
    func clientIDReusedWithDifferentKeysIsAlreadyExists(underFlowRun: Bool) async throws {
      try await withBatonServer { baton, _ in
        let flowRunID = underFlowRun ? try await baton.makeFlowRun().id : nil
        let id = UUID().uuidString.lowercased()
        _ = try await baton.makeTaskRun {
          $0.id = id
          $0.flowRunID = flowRunID
        }
        await expectRPCError(.alreadyExists) {
          try await baton.makeTaskRun {
            $0.id = id
            $0.flowRunID = flowRunID
            $0.dynamicKey = "1"
          }
        }
        #expect(try await baton.taskRuns.countTaskRuns(.init()).count == 1)
      }
    }

    @Test func unknownFlowRunIsFailedPrecondition() async throws {
      try await withBatonServer { baton, _ in
        let missing = UUID().uuidString.lowercased()
        await expectRPCError(.failedPrecondition, message: "Flow run \(missing) does not exist.") {
          try await baton.makeTaskRun { $0.flowRunID = missing }
        }
        let count = try await baton.taskRuns.countTaskRuns(.init()).count
        #expect(count == 0)
      }
    }

    @Test func missingKeysAreEachReported() async throws {
      try await withBatonServer { baton, _ in
        await expectInvalidArgument([
          .missing("task_key"),
          .missing("dynamic_key"),
        ]) {
          try await baton.taskRuns.createTaskRun(.init())
        }
      }
    }

    @Test func requestOver4MiBIsResourceExhaustedAndTheConnectionCarriesOn() async throws {
      try await withBatonServer { baton, _ in
        await expectRPCError(.resourceExhausted) {
          try await baton.makeTaskRun { $0.taskKey = String(repeating: "k", count: 5 * 1024 * 1024) }
        }
        let run = try await baton.makeTaskRun { $0.taskKey = String(repeating: "k", count: 3 * 1024 * 1024) }
        #expect(run.taskKey.count == 3 * 1024 * 1024)
        #expect(try await baton.taskRuns.countTaskRuns(.init()).count == 1)
      }
    }

    @Test func nonUUIDIDsAreInvalid() async throws {
      try await withBatonServer { baton, _ in
        await expectInvalidArgument([
          .notAUUID("id"),
          .notAUUID("flow_run_id"),
        ]) {
          try await baton.makeTaskRun {
            $0.id = "run-1"
            $0.flowRunID = "not-a-uuid"
          }
        }
      }
    }

    @Test func cacheKeyOver2000CharactersIsInvalid() async throws {
      try await withBatonServer { baton, _ in
        await expectInvalidArgument(
          field: "cache_key", message: "Cache key exceeded maximum allowed length of 2000 characters."
        ) {
          try await baton.makeTaskRun { $0.cacheKey = String(repeating: "k", count: 2001) }
        }
        let run = try await baton.makeTaskRun { $0.cacheKey = String(repeating: "k", count: 2000) }
        #expect(run.cacheKey?.count == 2000)
      }
    }

    @Test func moreThan50RetryDelaysAreInvalid() async throws {
      try await withBatonServer { baton, _ in
        await expectInvalidArgument(
          field: "empirical_policy.retry_delay", message: "Can not configure more than 50 retry delays per task."
        ) {
          try await baton.makeTaskRun {
            $0.empiricalPolicy = .with { $0.retryDelay = .array(Array(repeating: 1, count: 100)) }
          }
        }
      }
    }

    @Test func negativeJitterFactorIsInvalid() async throws {
      try await withBatonServer { baton, _ in
        await expectInvalidArgument(
          field: "empirical_policy.retry_jitter_factor", message: "`retry_jitter_factor` must be >= 0."
        ) {
          try await baton.makeTaskRun { $0.empiricalPolicy = .with { $0.retryJitterFactor = -100 } }
        }
      }
    }

    @Test func nestedLabelValuesAreInvalid() async throws {
      try await withBatonServer { baton, _ in
        await expectInvalidArgument(
          field: "labels.owner", message: "Label values must be booleans, numbers or strings."
        ) {
          try await baton.makeTaskRun { $0.labels = ["owner": ["name": "ana"]] }
        }
      }
    }

    @Test func deprecatedPolicyFieldsAreBackFilled() async throws {
      try await withBatonServer { baton, _ in
        let run = try await baton.makeTaskRun {
          $0.empiricalPolicy = .with {
            $0.maxRetries = 2
            $0.retryDelaySeconds = 5
          }
        }
        let policy = try #require(run.empiricalPolicy)
        #expect(policy.maxRetries == 2)
        #expect(policy.retryDelaySeconds == 5)
        #expect(policy.retries == 2)
        #expect(policy.retryDelay == .number(5))
      }
    }
  }
}
