import BatonCore
import BatonProto
import BatonStore
import Foundation
import Testing

@testable import BatonServer

@Suite struct FlowMappingTests {
  private func create(name: String) throws(RequestValidationError) -> FlowCreate {
    var request = Baton_V1_CreateFlowRequest()
    request.name = name
    request.tags = ["db"]
    request.labels = ["team": "data"]
    return try FlowCreate(validating: request)
  }

  @Test func validFlowIsAccepted() throws {
    #expect(try create(name: "my-flow") == FlowCreate(name: "my-flow", tags: ["db"], labels: ["team": "data"]))
  }

  @Test func nameIsRequired() {
    #expect(violation { try create(name: "") }?.field == "name")
  }

  @Test(arguments: ["a/b", "50%", "this&that", "a>b", "a<b"])
  func bannedCharactersAreRefusedWithPrefectsMessage(_ name: String) {
    let found = violation { try create(name: name) }
    #expect(
      found
        == ValidationError(
          field: "name",
          message: "Name '\(name)' contains an invalid character. Must not contain any of: ['/', '%', '&', '>', '<']."))
  }

  @Test func nameWithASingleQuoteIsQuotedAsPythonDoes() {
    let found = violation { try create(name: "it's/here") }
    #expect(found?.message.hasPrefix("Name \"it's/here\" contains an invalid character.") == true)
  }

  @Test func storedFlowMapsToTheWire() {
    let flow = Flow(id: UUID(), name: "f-1", tags: ["db"], labels: ["n": 1])
    let wire = Baton_V1_Flow(StoredFlow(flow: flow, created: instant(0), updated: instant(1)))
    #expect(wire.id == flow.id.wireString)
    #expect(wire.name == "f-1")
    #expect(wire.labels == ["n": 1])
    #expect(wire.updated == instant(1))
  }
}

@Suite struct FlowRunMappingTests {
  private let now = instant(42)

  private func request(_ change: (inout Baton_V1_CreateFlowRunRequest) -> Void = { _ in })
    -> Baton_V1_CreateFlowRunRequest
  {
    var request = Baton_V1_CreateFlowRunRequest()
    request.flowID = UUID().wireString
    change(&request)
    return request
  }

  @Test func minimalRequestIsAccepted() throws {
    let create = try FlowRunCreate(validating: request(), now: now)
    #expect(create.state == nil)
    #expect(create.parameters.isEmpty)
  }

  @Test func flowIDIsRequired() {
    let request = request { $0.flowID = "" }
    let found = violation { try FlowRunCreate(validating: request, now: now) }
    #expect(found == ValidationError(field: "flow_id", message: "flow_id is required."))
  }

  @Test func retryTypeMustBeInProcessOrReschedule() {
    let request = request { request in
      var policy = Baton_V1_FlowRunPolicy()
      policy.retryType = "later"
      request.empiricalPolicy = policy
    }
    let found = violation { try FlowRunCreate(validating: request, now: now) }
    #expect(
      found
        == ValidationError(
          field: "empirical_policy.retry_type", message: "Input should be 'in_process' or 'reschedule'"))
  }

  @Test func createdByIDMustBeAUUID() {
    let request = request { request in
      var createdBy = Baton_V1_CreatedBy()
      createdBy.id = "someone"
      request.createdBy = createdBy
    }
    let found = violation { try FlowRunCreate(validating: request, now: now) }
    #expect(found?.field == "created_by.id")
  }

  @Test func scheduledInitialStateIsDueNow() throws {
    let request = request { request in
      var state = Baton_V1_StateCreate()
      state.type = .scheduled
      request.state = state
    }
    let create = try FlowRunCreate(validating: request, now: now)
    #expect(create.state?.details.scheduledTime == now)
    #expect(create.state?.name == "Scheduled")
  }

  @Test func storedRunMapsToTheWireWithItsCurrentState() {
    let state = State(id: UUID(), type: .running, timestamp: instant(10))
    let run = FlowRun(
      id: UUID(), flowID: UUID(), name: "happy-duck", labels: ["prefect.flow.id": "x"], state: state, runCount: 1,
      expectedStartTime: instant(5), startTime: instant(10))
    let stored = StoredFlowRun(
      flowRun: run, created: instant(0), updated: instant(10), createdBy: CreatedBy(type: "DEPLOYMENT"),
      totalRunTime: 0, empiricalPolicy: FlowRunPolicy(retries: 2, retryType: "in_process"), parameters: ["x": 1])
    let wire = Baton_V1_FlowRun(stored, now: instant(20))
    #expect(wire.stateType == .running)
    #expect(wire.stateName == "Running")
    #expect(wire.stateID == state.id.wireString)
    #expect(wire.estimatedRunTime == 10)
    #expect(wire.estimatedStartTimeDelta == 5)
    #expect(wire.createdBy?.type == "DEPLOYMENT")
    #expect(wire.empiricalPolicy?.retries == 2)
    #expect(wire.parameters == ["x": 1])
  }
}

@Suite struct DeploymentMappingTests {
  @Test func createNeedsNameAndFlowID() {
    let found = violations {
      try DeploymentCreate(validating: Baton_V1_CreateDeploymentRequest())
    }
    #expect(found.map(\.field) == ["name", "flow_id"])
  }

  @Test func updateKeepsAbsentFieldsAbsent() throws {
    var request = Baton_V1_UpdateDeploymentRequest()
    request.id = UUID().wireString
    request.paused = true
    request.tags = Baton_V1_StringList([String]())
    let change = try DeploymentChange(validating: request)
    #expect(change.update == DeploymentUpdate(paused: true, tags: []))
  }

  @Test func updateLabelsFollowTheLabelRules() {
    var request = Baton_V1_UpdateDeploymentRequest()
    request.id = UUID().wireString
    request.labels = ["x": ["y": 1]]
    let found = violation { try DeploymentChange(validating: request) }
    #expect(found?.field == "labels.x")
  }
}

@Suite struct LogMappingTests {
  @Test func everyLineNeedsATimestamp() {
    var request = Baton_V1_CreateLogsRequest()
    var good = Baton_V1_LogCreate()
    good.timestamp = instant(0)
    request.logs = [good, Baton_V1_LogCreate()]
    let found = violation { try [LogCreate](validating: request) }
    #expect(found == ValidationError(field: "logs[1].timestamp", message: "logs[1].timestamp is required."))
  }

  @Test func linesKeepTheirFields() throws {
    let taskRunID = UUID()
    var line = Baton_V1_LogCreate()
    line.name = "prefect.task_runs"
    line.level = 20
    line.message = "hello"
    line.timestamp = instant(1)
    line.taskRunID = taskRunID.wireString
    var request = Baton_V1_CreateLogsRequest()
    request.logs = [line]
    #expect(
      try [LogCreate](validating: request)
        == [
          LogCreate(name: "prefect.task_runs", level: 20, message: "hello", timestamp: instant(1), taskRunID: taskRunID)
        ])
  }
}

@Suite struct ConcurrencyLimitMappingTests {
  @Test func createNeedsATag() {
    let found = violation {
      try TagConcurrencyLimit(validating: Baton_V1_CreateConcurrencyLimitRequest())
    }
    #expect(found?.field == "tag")
  }

  @Test func slotOverridesMustBeUUIDs() {
    var request = Baton_V1_ResetConcurrencyLimitByTagRequest()
    request.tag = "db"
    request.slotOverride = [UUID().wireString, "x"]
    let found = violation { try ConcurrencySlotReset(validating: request) }
    #expect(found?.field == "slot_override[1]")
  }

  @Test func limitMapsToTheWire() {
    let slot = UUID()
    let limit = ConcurrencyLimit(
      id: UUID(), created: instant(0), updated: instant(1), tag: "db", limit: 2, activeSlots: [slot])
    let wire = Baton_V1_ConcurrencyLimit(limit)
    #expect(wire.concurrencyLimit == 2)
    #expect(wire.activeSlots == [slot.wireString])
  }
}

@Suite struct TaskWorkerMappingTests {
  private func message(keys: [String], clientID: String, prefetch: Int32 = 0) -> Baton_V1_TaskWorkerMessage {
    var subscribe = Baton_V1_Subscribe()
    subscribe.taskKeys = keys
    subscribe.clientID = clientID
    subscribe.prefetch = prefetch
    var message = Baton_V1_TaskWorkerMessage()
    message.kind = .subscribe(subscribe)
    return message
  }

  @Test func subscriptionDefaultsToOneUnacknowledgedRun() throws {
    let subscription = try TaskWorkerSubscription(validatingFirstMessage: message(keys: ["k"], clientID: "host-1"))
    #expect(subscription.taskKeys == ["k"])
    #expect(subscription.clientID == "host-1")
    #expect(subscription.prefetch == 1)
  }

  @Test func firstMessageMustBeASubscribe() {
    var ack = Baton_V1_TaskWorkerMessage()
    ack.kind = .ack(Baton_V1_Ack())
    let found = violation {
      try TaskWorkerSubscription(validatingFirstMessage: ack)
    }
    #expect(found == ValidationError(field: "subscribe", message: "Protocol violation: expected 'subscribe' message"))
  }

  @Test func keysAreRequiredWithPrefectsReason() {
    let empty = message(keys: [], clientID: "")
    let found = violation {
      try TaskWorkerSubscription(validatingFirstMessage: empty)
    }
    #expect(
      found
        == ValidationError(
          field: "subscribe.task_keys", message: "Protocol violation: expected 'keys' in subscribe message"))
  }

  @Test func clientIDIsRequiredWithPrefectsReason() {
    let anonymous = message(keys: ["k"], clientID: "")
    let found = violation {
      try TaskWorkerSubscription(validatingFirstMessage: anonymous)
    }
    #expect(
      found
        == ValidationError(
          field: "subscribe.client_id", message: "Protocol violation: expected 'client_id' in subscribe message"))
  }

  @Test func negativePrefetchIsRefused() {
    let greedy = message(keys: ["k"], clientID: "c", prefetch: -1)
    let found = violation {
      try TaskWorkerSubscription(validatingFirstMessage: greedy)
    }
    #expect(found?.field == "subscribe.prefetch")
  }
}
