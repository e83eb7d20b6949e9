import Foundation
import Testing

@testable import BatonCore

@Suite struct TaskRunFlowRunIDFilterTests {
    typealias FlowRunID = TaskRunFilter.FlowRunID

    @Test func emptyFilterExcludesAutonomousRuns() {
        #expect(FlowRunID().condition == .isNotNull)
    }

    @Test func isNullTrueWinsOverTheList() {
        #expect(FlowRunID(anyOf: [UUID()], isNull: true).condition == .isNull)
    }

    @Test func listWinsOverIsNullFalse() {
        let id = UUID()
        #expect(FlowRunID(anyOf: [id]).condition == .anyOf([id]))
        #expect(FlowRunID(anyOf: [id], isNull: nil).condition == .anyOf([id]))
    }

    @Test func explicitlyNullIsNullWithoutListImposesNothing() {
        #expect(FlowRunID(isNull: nil).condition == .none)
    }

    @Test func emptyListIsKeptSoItMatchesNothing() {
        #expect(FlowRunID(anyOf: []).condition == .anyOf([]))
    }
}

@Suite struct FlowRunStateFilterTests {
    @Test func subFilterWithBothListsIsDropped() {
        let filter = FlowRunFilter.StateFilter(
            type: .init(anyOf: [.completed], notAnyOf: [.failed]), name: .init(anyOf: ["Completed"], notAnyOf: ["x"]))
        #expect(filter.effectiveType == nil)
        #expect(filter.effectiveName == nil)
    }

    @Test func subFilterWithOneListIsKept() {
        let filter = FlowRunFilter.StateFilter(type: .init(anyOf: [.completed]), name: .init(notAnyOf: ["x"]))
        #expect(filter.effectiveType?.anyOf == [.completed])
        #expect(filter.effectiveName?.notAnyOf == ["x"])
    }
}

@Suite struct TaskRunQueryFiltersTests {
    @Test func taskRunConditionsAloneKeepAutonomousRuns() {
        #expect(!TaskRunQueryFilters(taskRuns: TaskRunFilter(name: NameFilter(like: "x"))).requiresFlowRun)
        #expect(!TaskRunQueryFilters().requiresFlowRun)
    }

    @Test func anyEmptyRelatedFilterRequiresAFlowRun() {
        #expect(TaskRunQueryFilters(flows: FlowFilter()).requiresFlowRun)
        #expect(TaskRunQueryFilters(flowRuns: FlowRunFilter()).requiresFlowRun)
        #expect(TaskRunQueryFilters(deployments: DeploymentFilter()).requiresFlowRun)
    }

    @Test func filtersDefaultToAnd() {
        #expect(TaskRunFilter().operator == .and)
        #expect(FilterOperator.or.rawValue == "or_")
    }
}

@Suite struct TaskRunSortTests {
    @Test func wireNamesArePrefects() {
        #expect(
            TaskRunSort.allCases.map(\.rawValue) == [
                "ID_DESC", "EXPECTED_START_TIME_ASC", "EXPECTED_START_TIME_DESC", "NAME_ASC", "NAME_DESC",
                "NEXT_SCHEDULED_START_TIME_ASC", "END_TIME_DESC",
            ])
        #expect(TaskRunSort.default == .idDescending)
    }

    @Test func eachSortNamesItsColumnAndDirection() {
        #expect(TaskRunSort.nextScheduledStartTimeAscending.column == "next_scheduled_start_time")
        #expect(TaskRunSort.nextScheduledStartTimeAscending.isAscending)
        #expect(TaskRunSort.endTimeDescending.column == "end_time")
        #expect(!TaskRunSort.endTimeDescending.isAscending)
    }
}
