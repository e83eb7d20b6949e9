import BatonCore
import BatonProto
import Foundation
import Testing

@testable import BatonServer

@Suite struct StateProposalValidationTests {
  private let now = instant(42)
  private let runID = UUID()

  private func request(_ state: Baton_V1_StateCreate?) -> Baton_V1_SetTaskRunStateRequest {
    var request = Baton_V1_SetTaskRunStateRequest()
    request.id = runID.wireString
    request.state = state
    return request
  }

  private func state(_ type: Baton_V1_StateType, _ change: (inout Baton_V1_StateCreate) -> Void = { _ in })
    -> Baton_V1_StateCreate
  {
    var state = Baton_V1_StateCreate()
    state.type = type
    change(&state)
    return state
  }

  @Test func proposalCarriesRunStateAndForce() throws {
    var request = request(state(.running) { $0.name = "Test State" })
    request.force = true
    let proposal = try StateProposal(validating: request, now: now)
    #expect(proposal.runID == runID)
    #expect(proposal.force)
    #expect(proposal.state.type == .running)
    #expect(proposal.state.name == "Test State")
  }

  @Test(arguments: StateType.allCases)
  func absentNameDefaultsToTheTypesName(_ type: StateType) throws {
    let proposal = try StateProposal(validating: request(state(Baton_V1_StateType(type))), now: now)
    #expect(proposal.state.name == type.defaultName)
  }

  @Test func emptyNameDefaultsToTheTypesName() throws {
    let proposal = try StateProposal(validating: request(state(.cancelling) { $0.name = "" }), now: now)
    #expect(proposal.state.name == "Cancelling")
  }

  @Test func scheduledStateWithoutScheduledTimeIsDueNow() throws {
    let proposal = try StateProposal(validating: request(state(.scheduled)), now: now)
    #expect(proposal.state.details.scheduledTime == now)
  }

  @Test func scheduledStateKeepsItsScheduledTime() throws {
    var details = Baton_V1_StateDetails()
    details.scheduledTime = instant(3600)
    let proposal = try StateProposal(validating: request(state(.scheduled) { $0.stateDetails = details }), now: now)
    #expect(proposal.state.details.scheduledTime == instant(3600))
  }

  @Test func otherStatesGetNoScheduledTime() throws {
    let proposal = try StateProposal(validating: request(state(.pending)), now: now)
    #expect(proposal.state.details.scheduledTime == nil)
  }

  @Test func absentDeferredIsFalse() throws {
    let proposal = try StateProposal(validating: request(state(.pending) { $0.stateDetails = .init() }), now: now)
    #expect(proposal.state.details.deferred == false)
  }

  @Test func nullDataIsNoData() throws {
    let proposal = try StateProposal(validating: request(state(.completed) { $0.data = .null }), now: now)
    #expect(proposal.state.data == nil)
  }

  @Test func stateIsRequired() {
    let found = violation { try StateProposal(validating: request(nil), now: now) }
    #expect(found == ValidationError(field: "state", message: "state is required."))
  }

  @Test func stateTypeIsRequired() {
    let found = violation {
      try StateProposal(validating: request(state(.unspecified)), now: now)
    }
    #expect(found?.field == "state.type")
    #expect(
      found?.message
        == "state.type is required; expected one of STATE_TYPE_SCHEDULED, STATE_TYPE_PENDING, STATE_TYPE_RUNNING, "
        + "STATE_TYPE_COMPLETED, STATE_TYPE_FAILED, STATE_TYPE_CANCELLED, STATE_TYPE_CRASHED, STATE_TYPE_PAUSED, "
        + "STATE_TYPE_CANCELLING.")
  }

  @Test func unknownStateTypeIsRefusedNamingTheField() {
    let found = violation {
      try StateProposal(validating: request(state(Baton_V1_StateType(rawValue: 42))), now: now)
    }
    #expect(found?.field == "state.type")
    #expect(found?.message.hasPrefix("state.type has unknown value 42; expected one of STATE_TYPE_SCHEDULED") == true)
  }

  @Test func stateDetailIDsMustBeUUIDs() {
    var details = Baton_V1_StateDetails()
    details.taskParametersID = "params"
    let found = violation {
      try StateProposal(validating: request(state(.scheduled) { $0.stateDetails = details }), now: now)
    }
    #expect(found?.field == "state.state_details.task_parameters_id")
  }

  @Test func runIDMustBeAUUID() {
    var request = request(state(.running))
    request.id = "42"
    let found = violation { try StateProposal(validating: request, now: now) }
    #expect(found?.field == "id")
  }

  @Test func flowRunProposalsAreReadTheSameWay() throws {
    var request = Baton_V1_SetFlowRunStateRequest()
    request.id = runID.wireString
    request.state = state(.scheduled)
    let proposal = try StateProposal(validating: request, now: now)
    #expect(proposal.state.name == "Scheduled")
    #expect(proposal.state.details.scheduledTime == now)
  }
}
