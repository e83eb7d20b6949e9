import Foundation

/// Conditions on the deployment of a task run's flow run (spec task-run-api §3.4); when
/// present, even empty, it excludes runs whose flow run has no deployment.
public struct DeploymentFilter: Sendable, Hashable {
    public var `operator`: FilterOperator
    public var id: IDs?
    public var name: NameFilter?
    /// Contains-match on the deployment name OR its flow's name.
    public var flowOrDeploymentName: FlowOrDeploymentName?
    public var paused: Paused?
    public var tags: Tags?
    public var workQueueName: WorkQueueName?
    /// Deprecated: accepted and ignored.
    public var concurrencyLimit: ConcurrencyLimit?

    public init(
        operator: FilterOperator = .and,
        id: IDs? = nil,
        name: NameFilter? = nil,
        flowOrDeploymentName: FlowOrDeploymentName? = nil,
        paused: Paused? = nil,
        tags: Tags? = nil,
        workQueueName: WorkQueueName? = nil,
        concurrencyLimit: ConcurrencyLimit? = nil
    ) {
        self.operator = `operator`
        self.id = id
        self.name = name
        self.flowOrDeploymentName = flowOrDeploymentName
        self.paused = paused
        self.tags = tags
        self.workQueueName = workQueueName
        self.concurrencyLimit = concurrencyLimit
    }

    /// Matches the deployment id against lists to include and exclude.
    public struct IDs: Sendable, Hashable {
        public var anyOf: [UUID]?
        public var notAnyOf: [UUID]?

        public init(anyOf: [UUID]? = nil, notAnyOf: [UUID]? = nil) {
            self.anyOf = anyOf
            self.notAnyOf = notAnyOf
        }
    }

    /// Case-insensitive containment on the deployment name or its flow's name.
    public struct FlowOrDeploymentName: Sendable, Hashable {
        public var like: String?

        public init(like: String? = nil) { self.like = like }
    }

    /// `paused` equals the value.
    public struct Paused: Sendable, Hashable {
        public var equals: Bool?

        public init(equals: Bool? = nil) { self.equals = equals }
    }

    /// Matches the deployment's tags: all of, any of (empty matches nothing), or empty/non-empty.
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

    /// `work_queue_name` IN the list.
    public struct WorkQueueName: Sendable, Hashable {
        public var anyOf: [String]?

        public init(anyOf: [String]? = nil) { self.anyOf = anyOf }
    }

    /// Deprecated bounds on the deployment's concurrency limit; carried but never applied.
    public struct ConcurrencyLimit: Sendable, Hashable {
        public var greaterThanOrEqual: Int?
        public var lessThanOrEqual: Int?
        public var isNull: Bool?

        public init(greaterThanOrEqual: Int? = nil, lessThanOrEqual: Int? = nil, isNull: Bool? = nil) {
            self.greaterThanOrEqual = greaterThanOrEqual
            self.lessThanOrEqual = lessThanOrEqual
            self.isNull = isNull
        }
    }
}
