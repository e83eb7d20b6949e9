import BatonCore
import BatonProto
import GRPCCore
import Testing

@testable import BatonServer

@Suite struct RequestValidationErrorTests {
  private let twoViolations = RequestValidationError(violations: [
    ValidationError(field: "limit", message: "Invalid limit: must be less than or equal to 200."),
    ValidationError(field: "task_runs.id.any_[0]", message: "task_runs.id.any_[0] must be a UUID."),
  ])

  @Test func becomesInvalidArgumentWithTheMessagesJoined() {
    let error = RPCError(twoViolations)
    #expect(error.code == .invalidArgument)
    #expect(
      error.message
        == "Invalid limit: must be less than or equal to 200. task_runs.id.any_[0] must be a UUID.")
  }

  @Test func singleViolationMessageIsExactlyItsText() {
    let error = RPCError(
      RequestValidationError(field: "page", message: "Invalid page: must be greater than or equal to 1."))
    #expect(error.message == "Invalid page: must be greater than or equal to 1.")
  }

  @Test func badRequestDecodesBackFromTheMetadata() throws {
    let error = RPCError(twoViolations)
    let violations = error.badRequestFieldViolations
    #expect(violations.map(\.field) == ["limit", "task_runs.id.any_[0]"])
    #expect(violations.map(\.description_p) == twoViolations.violations.map(\.message))
  }

  @Test func statusDetailsCarryCodeMessageAndPackedBadRequest() throws {
    let error = RPCError(twoViolations)
    let encoded = Array(error.metadata[binaryValues: "grpc-status-details-bin"])
    try #require(encoded.count == 1)
    let status = try Google_Rpc_Status(serializedBytes: encoded[0])
    #expect(status.code == 3)
    #expect(status.message == error.message)
    try #require(status.details.count == 1)
    #expect(status.details[0].typeURL == "type.googleapis.com/google.rpc.BadRequest")
    let badRequest = try Google_Rpc_BadRequest(serializedBytes: status.details[0].value)
    #expect(badRequest.fieldViolations.count == 2)
  }

  @Test func metadataWithoutDetailsHasNoViolations() {
    #expect(RPCError(code: .invalidArgument, message: "x").badRequestFieldViolations.isEmpty)
  }

  @Test func reportsAtMostTwentyViolationsAndCountsTheRest() {
    var request = Baton_V1_ReadTaskRunsRequest()
    var filter = Baton_V1_TaskRunFilter()
    var ids = Baton_V1_TaskRunFilterId()
    ids.any_ = Baton_V1_StringList((0..<25).map { "bad-\($0)" })
    filter.id = ids
    request.taskRuns = filter
    do {
      _ = try TaskRunListQuery(validating: request)
      Issue.record("expected the request to be refused")
    } catch {
      #expect(error.violations.count == RequestValidator.maximumReportedViolations)
      #expect(error.unreportedViolationCount == 5)
      #expect(error.message.hasSuffix("(and 5 more)"))
    }
  }
}
