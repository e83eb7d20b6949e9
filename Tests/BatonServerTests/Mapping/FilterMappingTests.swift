import BatonCore
import BatonProto
import Foundation
import Testing

@testable import BatonServer

/// Filters with every criterion set, none at its default.
enum FullyPopulatedFilters {
  static let taskRuns = TaskRunFilter(
    operator: .or,
    id: .init(anyOf: [UUID(), UUID()]),
    name: NameFilter(anyOf: ["task-run-1"], like: "run-2"),
    tags: .init(operator: .or, allOf: ["db", "blue"], isNull: false),
    state: .init(operator: .or, type: .init(anyOf: [.running, .completed]), name: .init(anyOf: ["Retrying"])),
    startTime: NullableTimeFilter(before: instant(10), after: instant(1), isNull: false),
    endTime: NullableTimeFilter(before: instant(20), after: instant(2), isNull: true),
    expectedStartTime: TimeBoundsFilter(before: instant(30), after: instant(3)),
    subflowRuns: .init(exists: true),
    flowRunID: .init(operator: .or, anyOf: [UUID()], isNull: false))

  static let flowRuns = FlowRunFilter(
    operator: .or,
    id: .init(anyOf: [UUID()], notAnyOf: [UUID()]),
    name: NameFilter(anyOf: ["test-happy-duck"], like: "happy"),
    tags: .init(operator: .or, allOf: ["db"], anyOf: ["blue"], isNull: false),
    deploymentID: .init(operator: .or, anyOf: [UUID()], isNull: false),
    workQueueName: .init(operator: .or, anyOf: ["default"], isNull: false),
    state: .init(
      operator: .or, type: .init(anyOf: [.completed], notAnyOf: [.failed]),
      name: .init(anyOf: ["Completed"], notAnyOf: ["Cached"])),
    flowVersion: .init(anyOf: ["0.1"]),
    startTime: NullableTimeFilter(before: instant(10), after: instant(1), isNull: false),
    endTime: NullableTimeFilter(before: instant(20), after: instant(2), isNull: false),
    expectedStartTime: TimeBoundsFilter(before: instant(30), after: instant(3)),
    nextScheduledStartTime: TimeBoundsFilter(before: instant(40), after: instant(4)),
    parentFlowRunID: .init(operator: .or, anyOf: [UUID()]),
    parentTaskRunID: .init(operator: .or, anyOf: [UUID()], isNull: false),
    idempotencyKey: .init(anyOf: ["key-1"], notAnyOf: ["key-2"]),
    createdBy: .init(operator: .or, ids: [UUID()], types: ["DEPLOYMENT"], isNull: false))

  static let flows = FlowFilter(
    operator: .or,
    id: .init(anyOf: [UUID()], notAnyOf: [UUID()]),
    deployment: .init(operator: .or, isNull: false),
    name: NameFilter(anyOf: ["f-1", "f-2"], like: "f-"),
    tags: .init(operator: .or, allOf: ["db"], isNull: false))

  static let deployments = DeploymentFilter(
    operator: .or,
    id: .init(anyOf: [UUID()], notAnyOf: [UUID()]),
    name: NameFilter(anyOf: ["d-1-1"], like: "d_1"),
    flowOrDeploymentName: .init(like: "f-1"),
    paused: .init(equals: true),
    tags: .init(operator: .or, allOf: ["db"], anyOf: ["blue"], isNull: false),
    workQueueName: .init(anyOf: ["default"]),
    concurrencyLimit: .init(greaterThanOrEqual: 1, lessThanOrEqual: 5, isNull: false))
}

@Suite struct FilterMappingTests {
  private func readTaskRuns(_ filters: TaskRunQueryFilters, sort: TaskRunSort) throws -> TaskRunListQuery {
    var request = Baton_V1_ReadTaskRunsRequest()
    request.flows = filters.flows.map(Baton_V1_FlowFilter.init)
    request.flowRuns = filters.flowRuns.map(Baton_V1_FlowRunFilter.init)
    request.taskRuns = filters.taskRuns.map(Baton_V1_TaskRunFilter.init)
    request.deployments = filters.deployments.map(Baton_V1_DeploymentFilter.init)
    request.sort = Baton_V1_TaskRunSort(sort)
    request.limit = 50
    request.offset = 10
    return try TaskRunListQuery(validating: Baton_V1_ReadTaskRunsRequest(serializedBytes: request.serializedBytes()))
  }

  @Test func fullyPopulatedFiltersSurviveDomainToWireToDomain() throws {
    let filters = TaskRunQueryFilters(
      flows: FullyPopulatedFilters.flows, flowRuns: FullyPopulatedFilters.flowRuns,
      taskRuns: FullyPopulatedFilters.taskRuns, deployments: FullyPopulatedFilters.deployments)
    let query = try readTaskRuns(filters, sort: .endTimeDescending)
    #expect(query.filters == filters)
    #expect(query.sort == .endTimeDescending)
    #expect((query.limit, query.offset) == (50, 10))
  }

  @Test func emptyFamiliesSurviveAsPresent() throws {
    let filters = TaskRunQueryFilters(flows: FlowFilter(), flowRuns: FlowRunFilter())
    #expect(try readTaskRuns(filters, sort: .idDescending).filters == filters)
  }

  @Test func presentEmptyAnyListsSurvive() throws {
    let filters = TaskRunQueryFilters(
      taskRuns: TaskRunFilter(id: .init(anyOf: []), state: .init(type: .init(anyOf: []))))
    #expect(try readTaskRuns(filters, sort: .idDescending).filters == filters)
  }

  @Test(arguments: TaskRunSort.allCases)
  func everySortSurvives(_ sort: TaskRunSort) throws {
    #expect(try readTaskRuns(TaskRunQueryFilters(), sort: sort).sort == sort)
  }

  @Test func flowRunIDWithoutConditionIsLeftOutOnTheWire() {
    let filter = TaskRunFilter(flowRunID: .init(isNull: nil))
    #expect(Baton_V1_TaskRunFilter(filter).flowRunID == nil)
  }

  @Test func flowRunIDKeepsItsMeaningOnTheWire() throws {
    for criterion in [
      TaskRunFilter.FlowRunID(isNull: true), .init(isNull: false), .init(anyOf: [UUID()], isNull: nil),
    ] {
      let filters = TaskRunQueryFilters(taskRuns: TaskRunFilter(flowRunID: criterion))
      let read = try readTaskRuns(filters, sort: .idDescending)
      #expect(read.filters.taskRuns?.flowRunID?.condition == criterion.condition)
    }
  }
}
