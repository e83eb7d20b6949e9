import Foundation

/// Conditions on a task run's flow run (spec task-run-api §3.3), joined through
/// `task_run.flow_run_id`; when present, even empty, it excludes runs without a flow run.
///
/// Every criterion is optional; provided ones are combined with `operator`. An empty `anyOf`
/// matches nothing; an empty `notAnyOf` is ignored.
public struct FlowRunFilter: Sendable, Hashable {
    public var `operator`: FilterOperator
    public var id: IDs?
    public var name: NameFilter?
    public var tags: Tags?
    public var deploymentID: OptionalIDs?
    public var workQueueName: WorkQueueName?
    public var state: StateFilter?
    public var flowVersion: FlowVersion?
    /// `before`/`after` compare COALESCE(start_time, expected_start_time); `isNull` checks
    /// `start_time` only.
    public var startTime: NullableTimeFilter?
    public var endTime: NullableTimeFilter?
    public var expectedStartTime: TimeBoundsFilter?
    public var nextScheduledStartTime: TimeBoundsFilter?
    /// The flow run is a subflow whose parent task run belongs to one of the listed flow runs.
    public var parentFlowRunID: ParentFlowRunID?
    public var parentTaskRunID: OptionalIDs?
    public var idempotencyKey: IdempotencyKey?
    public var createdBy: CreatedBy?

    public init(
        operator: FilterOperator = .and,
        id: IDs? = nil,
        name: NameFilter? = nil,
        tags: Tags? = nil,
        deploymentID: OptionalIDs? = nil,
        workQueueName: WorkQueueName? = nil,
        state: StateFilter? = nil,
        flowVersion: FlowVersion? = nil,
        startTime: NullableTimeFilter? = nil,
        endTime: NullableTimeFilter? = nil,
        expectedStartTime: TimeBoundsFilter? = nil,
        nextScheduledStartTime: TimeBoundsFilter? = nil,
        parentFlowRunID: ParentFlowRunID? = nil,
        parentTaskRunID: OptionalIDs? = nil,
        idempotencyKey: IdempotencyKey? = nil,
        createdBy: CreatedBy? = nil
    ) {
        self.operator = `operator`
        self.id = id
        self.name = name
        self.tags = tags
        self.deploymentID = deploymentID
        self.workQueueName = workQueueName
        self.state = state
        self.flowVersion = flowVersion
        self.startTime = startTime
        self.endTime = endTime
        self.expectedStartTime = expectedStartTime
        self.nextScheduledStartTime = nextScheduledStartTime
        self.parentFlowRunID = parentFlowRunID
        self.parentTaskRunID = parentTaskRunID
        self.idempotencyKey = idempotencyKey
        self.createdBy = createdBy
    }

    /// Matches the flow-run id against lists to include and exclude.
    public struct IDs: Sendable, Hashable {
        public var anyOf: [UUID]?
        public var notAnyOf: [UUID]?

        public init(anyOf: [UUID]? = nil, notAnyOf: [UUID]? = nil) {
            self.anyOf = anyOf
            self.notAnyOf = notAnyOf
        }
    }

    /// Matches a nullable id column (deployment, parent task run) against a list or null.
    public struct OptionalIDs: Sendable, Hashable {
        public var `operator`: FilterOperator
        public var anyOf: [UUID]?
        public var isNull: Bool?

        public init(operator: FilterOperator = .and, anyOf: [UUID]? = nil, isNull: Bool? = nil) {
            self.operator = `operator`
            self.anyOf = anyOf
            self.isNull = isNull
        }
    }

    /// Matches the flow run's tags: all of, any of (empty matches nothing), or empty/non-empty.
    public struct Tags: Sendable, Hashable {
        public var `operator`: FilterOperator
        public var allOf: [String]?
        public var anyOf: [String]?
        public var isNull: Bool?

        public init(
            operator: FilterOperator = .and, allOf: [String]? = nil, anyOf: [String]? = nil, isNull: Bool? = nil
        ) {
            self.operator = `operator`
            self.allOf = allOf
            self.anyOf = anyOf
            self.isNull = isNull
        }
    }

    /// Matches the work queue name against a list or null.
    public struct WorkQueueName: Sendable, Hashable {
        public var `operator`: FilterOperator
        public var anyOf: [String]?
        public var isNull: Bool?

        public init(operator: FilterOperator = .and, anyOf: [String]? = nil, isNull: Bool? = nil) {
            self.operator = `operator`
            self.anyOf = anyOf
            self.isNull = isNull
        }
    }

    /// Matches the flow run's current state type and name.
    ///
    /// Quirk kept from Prefect: a sub-filter that sets both `anyOf` and a non-empty `notAnyOf`
    /// yields two conditions and is dropped entirely (see `effectiveType`/`effectiveName`); an
    /// empty `notAnyOf` adds no condition, so it does not drop the sub-filter.
    public struct StateFilter: Sendable, Hashable {
        public var `operator`: FilterOperator
        public var type: TypeFilter?
        public var name: ExactNameFilter?

        public init(operator: FilterOperator = .and, type: TypeFilter? = nil, name: ExactNameFilter? = nil) {
            self.operator = `operator`
            self.type = type
            self.name = name
        }

        /// The type sub-filter unless it is dropped for having both lists.
        public var effectiveType: TypeFilter? {
            guard let type, !(type.anyOf != nil && type.notAnyOf?.isEmpty == false) else { return nil }
            return type
        }

        /// The name sub-filter unless it is dropped for having both lists.
        public var effectiveName: ExactNameFilter? {
            guard let name, !(name.anyOf != nil && name.notAnyOf?.isEmpty == false) else { return nil }
            return name
        }

        /// `state_type` IN / NOT IN.
        public struct TypeFilter: Sendable, Hashable {
            public var anyOf: [StateType]?
            public var notAnyOf: [StateType]?

            public init(anyOf: [StateType]? = nil, notAnyOf: [StateType]? = nil) {
                self.anyOf = anyOf
                self.notAnyOf = notAnyOf
            }
        }

        /// `state_name` IN / NOT IN.
        public struct ExactNameFilter: Sendable, Hashable {
            public var anyOf: [String]?
            public var notAnyOf: [String]?

            public init(anyOf: [String]? = nil, notAnyOf: [String]? = nil) {
                self.anyOf = anyOf
                self.notAnyOf = notAnyOf
            }
        }
    }

    /// `flow_version` IN the list.
    public struct FlowVersion: Sendable, Hashable {
        public var anyOf: [String]?

        public init(anyOf: [String]? = nil) { self.anyOf = anyOf }
    }

    /// Matches the parent flow run of a subflow's parent task run.
    public struct ParentFlowRunID: Sendable, Hashable {
        public var `operator`: FilterOperator
        public var anyOf: [UUID]?

        public init(operator: FilterOperator = .and, anyOf: [UUID]? = nil) {
            self.operator = `operator`
            self.anyOf = anyOf
        }
    }

    /// `idempotency_key` IN / NOT IN.
    public struct IdempotencyKey: Sendable, Hashable {
        public var anyOf: [String]?
        public var notAnyOf: [String]?

        public init(anyOf: [String]? = nil, notAnyOf: [String]? = nil) {
            self.anyOf = anyOf
            self.notAnyOf = notAnyOf
        }
    }

    /// Matches the `created_by` JSON members `id` and `type`, or its absence.
    public struct CreatedBy: Sendable, Hashable {
        public var `operator`: FilterOperator
        public var ids: [UUID]?
        public var types: [String]?
        public var isNull: Bool?

        public init(operator: FilterOperator = .and, ids: [UUID]? = nil, types: [String]? = nil, isNull: Bool? = nil) {
            self.operator = `operator`
            self.ids = ids
            self.types = types
            self.isNull = isNull
        }
    }
}
