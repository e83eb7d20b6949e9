import BatonCore
import BatonProto
import Testing

@testable import BatonServer

@Suite struct ListQueryValidationTests {
  private func listQuery(_ change: (inout Baton_V1_ReadTaskRunsRequest) -> Void) -> ValidationError? {
    var request = Baton_V1_ReadTaskRunsRequest()
    change(&request)
    return violation { try TaskRunListQuery(validating: request) }
  }

  private func pageQuery(_ change: (inout Baton_V1_PaginateTaskRunsRequest) -> Void) -> ValidationError? {
    var request = Baton_V1_PaginateTaskRunsRequest()
    change(&request)
    return violation { try TaskRunPageQuery(validating: request) }
  }

  @Test func emptyRequestMeansIDDescendingLimit200Offset0() throws {
    let query = try TaskRunListQuery(validating: Baton_V1_ReadTaskRunsRequest())
    #expect(query.sort == .idDescending)
    #expect(query.limit == 200)
    #expect(query.offset == 0)
    #expect(query.filters == TaskRunQueryFilters())
  }

  @Test func negativeLimitIsRefusedWithPrefectsMessage() {
    #expect(
      listQuery { $0.limit = -1 }
        == ValidationError(field: "limit", message: "Invalid limit: must be greater than or equal to 0."))
  }

  @Test(arguments: [201, 1000] as [Int32])
  func limitAbove200IsRefusedWithPrefectsMessage(_ limit: Int32) {
    #expect(
      listQuery { $0.limit = limit }
        == ValidationError(field: "limit", message: "Invalid limit: must be less than or equal to 200."))
  }

  @Test(arguments: [0, 1, 200] as [Int32])
  func limitsFrom0To200AreAccepted(_ limit: Int32) throws {
    var request = Baton_V1_ReadTaskRunsRequest()
    request.limit = limit
    #expect(try TaskRunListQuery(validating: request).limit == Int(limit))
  }

  @Test func negativeOffsetIsRefused() {
    #expect(listQuery { $0.offset = -1 }?.field == "offset")
  }

  @Test func givenSortIsKept() throws {
    var request = Baton_V1_ReadTaskRunsRequest()
    request.sort = .expectedStartTimeDesc
    #expect(try TaskRunListQuery(validating: request).sort == .expectedStartTimeDescending)
  }

  @Test func unknownSortIsRefusedNamingTheField() {
    let found = listQuery { $0.sort = Baton_V1_TaskRunSort(rawValue: 99) }
    #expect(found?.field == "sort")
    #expect(found?.message.hasPrefix("sort has unknown value 99; expected one of TASK_RUN_SORT_ID_DESC") == true)
  }

  @Test func emptyPageRequestMeansPage1Limit200() throws {
    let query = try TaskRunPageQuery(validating: Baton_V1_PaginateTaskRunsRequest())
    #expect(query.page.page == 1)
    #expect(query.page.limit == 200)
    #expect(query.page.offset == 0)
    #expect(query.sort == .idDescending)
  }

  @Test(arguments: [0, -1] as [Int32])
  func pageBelow1IsRefused(_ page: Int32) {
    #expect(
      pageQuery { $0.page = page }
        == ValidationError(field: "page", message: "Invalid page: must be greater than or equal to 1."))
  }

  @Test func pageLimitFollowsTheListRules() {
    #expect(
      pageQuery { $0.limit = 201 }
        == ValidationError(field: "limit", message: "Invalid limit: must be less than or equal to 200."))
  }

  @Test func badPageAndBadLimitAreBothReported() {
    var request = Baton_V1_PaginateTaskRunsRequest()
    request.page = 0
    request.limit = -5
    let found = violations { try TaskRunPageQuery(validating: request) }
    #expect(found.map(\.field) == ["limit", "page"])
  }

  @Test func pageTurnsIntoAnOffset() throws {
    var request = Baton_V1_PaginateTaskRunsRequest()
    request.page = 3
    request.limit = 2
    #expect(try TaskRunPageQuery(validating: request).page.offset == 4)
  }

  @Test func otherListCallsShareTheWindowRules() {
    var flows = Baton_V1_ReadFlowsRequest()
    flows.limit = 201
    #expect(violation { try FlowListQuery(validating: flows) }?.field == "limit")
    var logs = Baton_V1_ReadLogsRequest()
    logs.offset = -1
    #expect(violation { try LogListQuery(validating: logs) }?.field == "offset")
    var limits = Baton_V1_ReadConcurrencyLimitsRequest()
    limits.limit = -1
    #expect(
      violation { try ConcurrencyLimitListQuery(validating: limits) }?.field
        == "limit")
  }
}
