import BatonCore
import BatonProto
import BatonStore
import Foundation
import Testing

@testable import BatonServer

@Suite struct FilterValidationTests {
  private func count(_ change: (inout Baton_V1_CountTaskRunsRequest) -> Void) throws(RequestValidationError)
    -> TaskRunQueryFilters
  {
    var request = Baton_V1_CountTaskRunsRequest()
    change(&request)
    return try TaskRunQueryFilters(validating: request)
  }

  @Test func malformedIDIsRefusedAtItsPosition() {
    let found = violation {
      try count { request in
        var ids = Baton_V1_TaskRunFilterId()
        ids.any_ = Baton_V1_StringList([UUID().wireString, "nope"])
        var filter = Baton_V1_TaskRunFilter()
        filter.id = ids
        request.taskRuns = filter
      }
    }
    #expect(found?.field == "task_runs.id.any_[1]")
    #expect(found?.message == "task_runs.id.any_[1] must be a UUID such as 0b9c2e5e-8d3f-4c61-9a57-6f1d2c3b4a59.")
  }

  @Test("ids are taken in the spellings Prefect takes in its paths and bodies, and in no others")
  func idSpellings() throws {
    let id = try #require(UUID(uuidString: "0B9C2E5E-8D3F-4C61-9A57-6F1D2C3B4A59"))
    let accepted = [
      "0b9c2e5e-8d3f-4c61-9a57-6f1d2c3b4a59", "0B9C2E5E-8D3F-4C61-9A57-6F1D2C3B4A59",
      "0b9c2e5e8d3f4c619a576f1d2c3b4a59", "0b9c2e5e-8d3f4c61-9a57-6f1d2c3b4a59", "0b9c2e5e8d3f-4c619a576f1d2c3b4a59",
      "{0b9c2e5e-8d3f-4c61-9a57-6f1d2c3b4a59}", "urn:uuid:0b9c2e5e-8d3f-4c61-9a57-6f1d2c3b4a59",
    ]
    let refused = [
      "0b9c2e5e8-d3f-4c61-9a57-6f1d2c3b4a59", "0b9c2e5e--8d3f4c61-9a57-6f1d2c3b4a59", "0b9c2e5e8d3f4c619a576f1d2c3b4a5",
      " 0b9c2e5e-8d3f-4c61-9a57-6f1d2c3b4a59", "{0b9c2e5e8d3f4c619a576f1d2c3b4a59}",
      "urn:uuid:0b9c2e5e8d3f4c619a576f1d2c3b4a59", "URN:UUID:0b9c2e5e-8d3f-4c61-9a57-6f1d2c3b4a59",
      "0b9c2e5e8d3f4c619a576f1d2c3b4a5g", "0b9c2e5e-8d3f-4c61-9a57-6f1d2c3b4a5😀",
    ]
    let parse = { (text: String) in try? RequestValidator.validate { $0.uuid(text, at: .request.member("id")) } }
    for text in accepted {
      #expect(parse(text) == id, "\(text)")
    }
    for text in refused {
      #expect(parse(text) == nil, "\(text)")
    }
  }

  @Test func unknownStateTypeInAListIsRefusedAtItsPosition() {
    let found = violation {
      try count { request in
        var types = Baton_V1_TaskRunFilterStateType()
        types.any_ = Baton_V1_StateTypeList([.running])
        types.any_?.values.append(Baton_V1_StateType(rawValue: 77))
        var state = Baton_V1_TaskRunFilterState()
        state.type = types
        var filter = Baton_V1_TaskRunFilter()
        filter.state = state
        request.taskRuns = filter
      }
    }
    #expect(found?.field == "task_runs.state.type.any_[1]")
  }

  @Test func unspecifiedStateTypeInAListIsRefused() {
    let found = violation {
      try count { request in
        var types = Baton_V1_FlowRunFilterStateType()
        types.notAny_ = [.unspecified]
        var state = Baton_V1_FlowRunFilterState()
        state.type = types
        var filter = Baton_V1_FlowRunFilter()
        filter.state = state
        request.flowRuns = filter
      }
    }
    #expect(found?.field == "flow_runs.state.type.not_any_[0]")
  }

  @Test func unknownOperatorIsRefusedNamingTheField() {
    let found = violation {
      try count { request in
        var filter = Baton_V1_DeploymentFilter()
        var tags = Baton_V1_DeploymentFilterTags()
        tags.operator = Baton_V1_Operator(rawValue: 5)
        filter.tags = tags
        request.deployments = filter
      }
    }
    #expect(found?.field == "deployments.tags.operator")
    #expect(
      found?.message == "deployments.tags.operator has unknown value 5; expected one of OPERATOR_AND, OPERATOR_OR.")
  }

  @Test func unspecifiedOperatorIsAnd() throws {
    var filter = Baton_V1_FlowFilter()
    filter.operator = .unspecified
    let filters = try count { $0.flows = filter }
    #expect(filters.flows?.operator == .and)
  }

  @Test func presentEmptyAnyListMatchesNothingWhileAbsentImposesNothing() throws {
    var present = Baton_V1_TaskRunFilterName()
    present.any_ = Baton_V1_StringList([String]())
    var filter = Baton_V1_TaskRunFilter()
    filter.name = present
    #expect(try count { $0.taskRuns = filter }.taskRuns?.name?.anyOf == [])
    filter.name = Baton_V1_TaskRunFilterName()
    #expect(try count { $0.taskRuns = filter }.taskRuns?.name?.anyOf == nil)
  }

  @Test func emptyNotAnyAndAllListsImposeNothing() throws {
    var flowRuns = Baton_V1_FlowRunFilter()
    flowRuns.id = Baton_V1_FlowRunFilterId()
    flowRuns.tags = Baton_V1_FlowRunFilterTags()
    let filters = try count { $0.flowRuns = flowRuns }
    #expect(filters.flowRuns?.id?.notAnyOf == nil)
    #expect(filters.flowRuns?.tags?.allOf == nil)
  }

  @Test func emptyFlowRunIDCriterionExcludesAutonomousRuns() throws {
    var filter = Baton_V1_TaskRunFilter()
    filter.flowRunID = Baton_V1_TaskRunFilterFlowRunId()
    #expect(try count { $0.taskRuns = filter }.taskRuns?.flowRunID?.condition == .isNotNull)
  }

  @Test func presentEmptyFamilyRequiresAFlowRun() throws {
    #expect(try count { $0.flows = Baton_V1_FlowFilter() }.requiresFlowRun)
    #expect(try !count { _ in }.requiresFlowRun)
  }

  @Test func timeBoundOutsideTheTimestampRangeIsRefused() {
    let found = violation {
      try count { request in
        var endTime = Baton_V1_TaskRunFilterEndTime()
        endTime.before_ = Date(timeIntervalSince1970: -1e14)
        var filter = Baton_V1_TaskRunFilter()
        filter.endTime = endTime
        request.taskRuns = filter
      }
    }
    #expect(found?.field == "task_runs.end_time.before_")
  }

  @Test func flowRunListQueryReadsAllFourFamiliesAndItsSort() throws {
    var request = Baton_V1_ReadFlowRunsRequest()
    request.taskRuns = Baton_V1_TaskRunFilter()
    request.sort = .startTimeDesc
    let query = try FlowRunListQuery(validating: request)
    #expect(query.filters.taskRuns == TaskRunFilter())
    #expect(query.sort == .startTimeDescending)
    request.sort = Baton_V1_FlowRunSort(rawValue: 40)
    #expect(
      violation { try FlowRunListQuery(validating: request) }?.field == "sort")
  }

  @Test func logListQueryReadsItsFilterAndSort() throws {
    var taskRunID = Baton_V1_LogFilterTaskRunId()
    taskRunID.isNull_ = true
    var level = Baton_V1_LogFilterLevel()
    level.ge_ = 20
    var filter = Baton_V1_LogFilter()
    filter.taskRunID = taskRunID
    filter.level = level
    var request = Baton_V1_ReadLogsRequest()
    request.logs = filter
    let query = try LogListQuery(validating: request)
    #expect(query.sort == .timestampAscending)
    #expect(query.filter == LogFilter(levelAtLeast: 20, taskRunIDIsNull: true))
    request.sort = Baton_V1_LogSort(rawValue: 3)
    #expect(violation { try LogListQuery(validating: request) }?.field == "sort")
  }
}
