import BatonProto
import Foundation
import Testing

/// Encoding then decoding a message gives back the same message.
@Suite("Round trips")
struct RoundTripTests {
  private func roundTripped<Message: WireMessage>(_ message: Message) throws -> Message {
    try Message(serializedBytes: message.serializedBytes())
  }

  @Test("a TaskRun with every field set comes back equal")
  func fullyPopulatedTaskRun() throws {
    #expect(try roundTripped(Fixtures.taskRun) == Fixtures.taskRun)
  }

  @Test("a message with every field at its default encodes to no bytes and comes back equal")
  func defaultMessageIsEmpty() throws {
    #expect(Baton_V1_TaskRun().serializedBytes().isEmpty)
    #expect(try roundTripped(Baton_V1_TaskRun()) == Baton_V1_TaskRun())
  }

  @Test("a wrapper holding zero or an empty string is present, unlike an absent one")
  func wrapperPresenceSurvives() throws {
    var request = Baton_V1_ReadTaskRunsRequest()
    request.limit = 0
    #expect(try roundTripped(request).limit == 0)
    #expect(try roundTripped(Baton_V1_ReadTaskRunsRequest()).limit == nil)

    var update = Baton_V1_UpdateTaskRunRequest()
    update.name = ""
    #expect(try roundTripped(update).name == "")
  }

  @Test("an empty sub-message is present, unlike an absent one")
  func emptySubMessagePresenceSurvives() throws {
    var request = Baton_V1_CountTaskRunsRequest()
    request.flows = Baton_V1_FlowFilter()
    let decoded = try roundTripped(request)
    #expect(decoded.flows == Baton_V1_FlowFilter())
    #expect(decoded.flowRuns == nil)
  }

  @Test("large repeated fields and maps come back complete and in order")
  func largeRepeatedFields() throws {
    var run = Baton_V1_TaskRun()
    run.tags = (0..<10_000).map { "tag-\($0)-ü" }
    var inputs = Baton_V1_TaskInputs()
    inputs.inputs = (0..<500).map { index in
      var input = Baton_V1_TaskInput()
      var parameter = Baton_V1_ParameterInput()
      parameter.name = "p\(index)"
      input.input = .parameter(parameter)
      return input
    }
    run.taskInputs = Dictionary(uniqueKeysWithValues: (0..<200).map { ("k\($0)", inputs) })
    let decoded = try roundTripped(run)
    #expect(decoded.tags == run.tags)
    #expect(decoded.taskInputs == run.taskInputs)
  }

  @Test("each member of a oneof comes back as itself")
  func everyOneofMember() throws {
    var result = Baton_V1_OrchestrationResult()
    var reject = Baton_V1_RejectDetails()
    reject.reason = "no"
    var abort = Baton_V1_AbortDetails()
    abort.reason = ""
    let members: [Baton_V1_OrchestrationResult.OneOf_Details?] = [
      .acceptDetails(Baton_V1_AcceptDetails()), .rejectDetails(reject), .waitDetails(Baton_V1_WaitDetails()),
      .abortDetails(abort), nil,
    ]
    for member in members {
      result.details = member
      #expect(try roundTripped(result).details == member)
    }
  }

  @Test("an enum value this build does not know survives a round trip")
  func unknownEnumValuePreserved() throws {
    var state = Baton_V1_State()
    state.type = .UNRECOGNIZED(77)
    let decoded = try roundTripped(state)
    #expect(decoded.type == .UNRECOGNIZED(77))
    #expect(decoded.type.rawValue == 77)
  }

  @Test("encoding is deterministic even for maps")
  func deterministicEncoding() {
    #expect(Fixtures.taskRun.serializedBytes() == Fixtures.taskRun.serializedBytes())
  }
}
