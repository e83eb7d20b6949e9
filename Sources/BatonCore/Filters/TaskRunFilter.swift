import Foundation

/// Conditions on the task-run row itself (spec task-run-api §3.2).
///
/// Every criterion is optional: `nil` imposes nothing; a provided one adds a condition, and the
/// conditions are combined with `operator`. An empty `anyOf` list matches nothing.
public struct TaskRunFilter: Sendable, Hashable {
    public var `operator`: FilterOperator
    public var id: ID?
    public var name: NameFilter?
    public var tags: Tags?
    public var state: StateFilter?
    /// On `start_time` only.
    public var startTime: NullableTimeFilter?
    public var endTime: NullableTimeFilter?
    public var expectedStartTime: TimeBoundsFilter?
    public var subflowRuns: SubflowRuns?
    public var flowRunID: FlowRunID?

    public init(
        operator: FilterOperator = .and,
        id: ID? = nil,
        name: NameFilter? = nil,
        tags: Tags? = nil,
        state: StateFilter? = nil,
        startTime: NullableTimeFilter? = nil,
        endTime: NullableTimeFilter? = nil,
        expectedStartTime: TimeBoundsFilter? = nil,
        subflowRuns: SubflowRuns? = nil,
        flowRunID: FlowRunID? = nil
    ) {
        self.operator = `operator`
        self.id = id
        self.name = name
        self.tags = tags
        self.state = state
        self.startTime = startTime
        self.endTime = endTime
        self.expectedStartTime = expectedStartTime
        self.subflowRuns = subflowRuns
        self.flowRunID = flowRunID
    }

    /// Matches the task-run id against a list.
    public struct ID: Sendable, Hashable {
        public var anyOf: [UUID]?

        public init(anyOf: [UUID]? = nil) { self.anyOf = anyOf }
    }

    /// Matches the tag array: `allOf` requires every listed tag (empty list ignored);
    /// `isNull` true means exactly `[]`, false means non-empty. Task runs have no `any_`.
    public struct Tags: Sendable, Hashable {
        public var `operator`: FilterOperator
        public var allOf: [String]?
        public var isNull: Bool?

        public init(operator: FilterOperator = .and, allOf: [String]? = nil, isNull: Bool? = nil) {
            self.operator = `operator`
            self.allOf = allOf
            self.isNull = isNull
        }
    }

    /// Matches the mirrored current state type and name; an empty sub-filter contributes nothing.
    public struct StateFilter: Sendable, Hashable {
        public var `operator`: FilterOperator
        public var type: TypeFilter?
        public var name: ExactNameFilter?

        public init(operator: FilterOperator = .and, type: TypeFilter? = nil, name: ExactNameFilter? = nil) {
            self.operator = `operator`
            self.type = type
            self.name = name
        }

        /// `state_type` IN the list.
        public struct TypeFilter: Sendable, Hashable {
            public var anyOf: [StateType]?

            public init(anyOf: [StateType]? = nil) { self.anyOf = anyOf }
        }

        /// `state_name` IN the list.
        public struct ExactNameFilter: Sendable, Hashable {
            public var anyOf: [String]?

            public init(anyOf: [String]? = nil) { self.anyOf = anyOf }
        }
    }

    /// true: some flow run has this task run as its parent; false: none has.
    public struct SubflowRuns: Sendable, Hashable {
        public var exists: Bool?

        public init(exists: Bool? = nil) { self.exists = exists }
    }

    /// Matches the task run's flow run id, with Prefect's quirk that `is_null_` defaults to
    /// false, so an empty `flow_run_id: {}` excludes autonomous runs. See `condition`.
    public struct FlowRunID: Sendable, Hashable {
        public var `operator`: FilterOperator
        public var anyOf: [UUID]?
        /// Defaults to false, not to absent.
        public var isNull: Bool?

        public init(operator: FilterOperator = .and, anyOf: [UUID]? = nil, isNull: Bool? = false) {
            self.operator = `operator`
            self.anyOf = anyOf
            self.isNull = isNull
        }

        /// The single condition this filter stands for.
        public var condition: Condition {
            if isNull == true { return .isNull }
            if let anyOf { return .anyOf(anyOf) }
            if isNull == false { return .isNotNull }
            return .none
        }

        /// What `flow_run_id` must satisfy.
        public enum Condition: Sendable, Hashable {
            /// No condition: `is_null_` explicitly null and no list.
            case none
            case isNull
            case isNotNull
            /// IN the list (an empty list matches nothing); wins over `is_null_: false`.
            case anyOf([UUID])
        }
    }
}
