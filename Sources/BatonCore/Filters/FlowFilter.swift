import Foundation

/// Conditions on the flow of a task run's flow run (spec task-run-api §3.4); when present,
/// even empty, it excludes runs without a flow run.
public struct FlowFilter: Sendable, Hashable {
    public var `operator`: FilterOperator
    public var id: IDs?
    public var deployment: DeploymentPresence?
    public var name: NameFilter?
    public var tags: Tags?

    public init(
        operator: FilterOperator = .and,
        id: IDs? = nil,
        deployment: DeploymentPresence? = nil,
        name: NameFilter? = nil,
        tags: Tags? = nil
    ) {
        self.operator = `operator`
        self.id = id
        self.deployment = deployment
        self.name = name
        self.tags = tags
    }

    /// Matches the flow id against lists to include and exclude.
    public struct IDs: Sendable, Hashable {
        public var anyOf: [UUID]?
        public var notAnyOf: [UUID]?

        public init(anyOf: [UUID]? = nil, notAnyOf: [UUID]? = nil) {
            self.anyOf = anyOf
            self.notAnyOf = notAnyOf
        }
    }

    /// `isNull` true: the flow has no deployment at all; false: it has at least one.
    public struct DeploymentPresence: Sendable, Hashable {
        public var `operator`: FilterOperator
        public var isNull: Bool?

        public init(operator: FilterOperator = .and, isNull: Bool? = nil) {
            self.operator = `operator`
            self.isNull = isNull
        }
    }

    /// Matches the flow's tags: all of (empty ignored), or empty/non-empty.
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
}
