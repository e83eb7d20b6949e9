import BatonCore
import BatonProto
import BatonStore
import Foundation
import Testing

@testable import BatonServer

@Suite struct TaskRunMappingTests {
  /// The message after a trip through its protobuf encoding, as a client receives it.
  private func overTheWire<Message: WireMessage>(_ message: Message) throws -> Message {
    try Message(serializedBytes: message.serializedBytes())
  }

  @Test func fullyPopulatedRunSurvivesDomainToWireToDomain() throws {
    let run = fullyPopulatedTaskRun()
    let wire = try overTheWire(Baton_V1_TaskRun(run, now: instant(200)))
    #expect(try TaskRun(validating: wire) == run)
  }

  @Test func wireFieldsUsePrefectsConventions() throws {
    let run = fullyPopulatedTaskRun()
    let wire = Baton_V1_TaskRun(run, now: instant(200))
    #expect(wire.id == run.id.uuidString.lowercased())
    #expect(wire.stateType == .running)
    #expect(wire.state?.type == .running)
    #expect(wire.state?.stateDetails?.deferred == true)
    #expect(wire.labels == ["env": "dev", "attempts": 3, "ratio": 0.25, "urgent": true])
    #expect(wire.taskInputs["y"]?.inputs.isEmpty == true)
    #expect(wire.empiricalPolicy?.retryDelay == [1, 2, 4])
  }

  @Test func runningRunEstimatesRunTimeUpToNow() {
    // Total 12.5 s so far, RUNNING since instant(100).
    let wire = Baton_V1_TaskRun(fullyPopulatedTaskRun(), now: instant(110))
    #expect(wire.totalRunTime == 12.5)
    #expect(wire.estimatedRunTime == 22.5)
  }

  @Test func lateStartIsTheEstimatedStartTimeDelta() {
    // Prefect's test_paginate_task_runs_includes_duration_fields: expected T−5 s, start T,
    // end T+10 s, 10 s run, not running.
    var run = fullyPopulatedTaskRun()
    run.state = nil
    run.stateType = .completed
    run.expectedStartTime = instant(-5)
    run.startTime = instant(0)
    run.endTime = instant(10)
    run.totalRunTime = 10
    let wire = Baton_V1_TaskRun(run, now: instant(1000))
    #expect(wire.totalRunTime == 10)
    #expect(wire.estimatedRunTime == 10)
    #expect(wire.estimatedStartTimeDelta == 5)
  }

  @Test func runWithoutStateHasUnspecifiedTypeAndNoState() throws {
    var run = fullyPopulatedTaskRun()
    run.state = nil
    run.stateID = nil
    run.stateType = nil
    run.stateName = nil
    run.stateTimestamp = nil
    let wire = try overTheWire(Baton_V1_TaskRun(run, now: instant(0)))
    #expect(wire.stateType == .unspecified)
    #expect(wire.state == nil)
    #expect(wire.stateID == nil)
    #expect(try TaskRun(validating: wire) == run)
  }

  @Test func createResponseCarriesTheCreatedFlag() {
    let run = fullyPopulatedTaskRun()
    let response = Baton_V1_CreateTaskRunResponse(.init(run: run, created: true), now: instant(0))
    #expect(response.created)
    #expect(response.taskRun?.id == run.id.wireString)
  }

  @Test func paginateResponseCarriesThePageArithmetic() {
    let page = TaskRunPage(results: [fullyPopulatedTaskRun()], count: 5, limit: 2, pages: 3, page: 3)
    let response = Baton_V1_PaginateTaskRunsResponse(page, now: instant(0))
    #expect(response.results.count == 1)
    #expect((response.count, response.limit, response.pages, response.page) == (5, 2, 3, 3))
  }

  @Test func watchEventCarriesTheRunTheWrittenStateAndTheCommitTime() throws {
    let run = fullyPopulatedTaskRun()
    let state = try #require(run.state)
    let event = Baton_V1_TaskRunEvent(run: run, writtenState: state, occurred: instant(101), now: instant(110))
    #expect(event.taskRun?.id == run.id.wireString)
    #expect(event.state?.id == state.id.wireString)
    #expect(event.occurred == instant(101))
  }

  @Test func orchestrationOutcomesBecomeStatusAndDetails() {
    let state = fullyPopulatedTaskRun().state
    let wait = Baton_V1_OrchestrationResult(
      OrchestrationResult(state: state, details: .wait(delaySeconds: 10, reason: "Concurrency limit reached")),
      created: false)
    #expect(wait.status == .wait)
    #expect(!wait.created)
    #expect(wait.state?.id == state?.id.wireString)
    guard case .waitDetails(let details) = wait.details else {
      Issue.record("expected wait details")
      return
    }
    #expect(details.delaySeconds == 10)
    #expect(details.reason == "Concurrency limit reached")

    let accept = Baton_V1_OrchestrationResult(OrchestrationResult(state: state, details: .accept), created: true)
    #expect(accept.status == .accept)
    #expect(accept.details == .acceptDetails(Baton_V1_AcceptDetails()))
    #expect(accept.created)
  }

  @Test func historyBucketsKeepTheirOrderAndSums() {
    let bucket = HistoryBucket(
      intervalStart: instant(0), intervalEnd: instant(300),
      states: [
        HistoryStateSummary(
          stateType: .completed, stateName: "Completed", countRuns: 5, sumEstimatedRunTime: 12.5,
          sumEstimatedLateness: 3)
      ])
    let empty = HistoryBucket(intervalStart: instant(300), intervalEnd: instant(600), states: [])
    let response = Baton_V1_TaskRunHistoryResponse([bucket, empty])
    #expect(response.intervals.map(\.intervalStart) == [instant(0), instant(300)])
    #expect(response.intervals[0].states.first?.stateType == .completed)
    #expect(response.intervals[0].states.first?.countRuns == 5)
    #expect(response.intervals[0].states.first?.sumEstimatedRunTime == 12.5)
    #expect(response.intervals[1].states.isEmpty)
  }
}
