import BatonCore
import Foundation

/// The client-settable fields of a new task run (Prefect's `TaskRunCreate`, spec task-run-api
/// §2.1), already validated by the caller.
public struct TaskRunCreate: Sendable, Hashable {
    /// `nil`: the store generates one.
    public var id: UUID?
    /// `nil` or empty: the store picks a random two-word slug.
    public var name: String?
    /// `nil` for an autonomous (background) task run.
    public var flowRunID: UUID?
    public var taskKey: String
    public var dynamicKey: String
    public var cacheKey: String?
    public var cacheExpiration: Date?
    public var taskVersion: String?
    public var empiricalPolicy: TaskRunPolicy
    public var tags: [String]
    /// The client's labels; the store merges the parent flow run's under them (spec §1.7).
    public var labels: [String: JSONValue]
    public var taskInputs: [String: [TaskRunInput]]
    /// The initial state; `nil` means PENDING.
    public var state: StateCreate?

    public init(
        id: UUID? = nil,
        name: String? = nil,
        flowRunID: UUID? = nil,
        taskKey: String,
        dynamicKey: String,
        cacheKey: String? = nil,
        cacheExpiration: Date? = nil,
        taskVersion: String? = nil,
        empiricalPolicy: TaskRunPolicy = TaskRunPolicy(),
        tags: [String] = [],
        labels: [String: JSONValue] = [:],
        taskInputs: [String: [TaskRunInput]] = [:],
        state: StateCreate? = nil
    ) {
        self.id = id
        self.name = name
        self.flowRunID = flowRunID
        self.taskKey = taskKey
        self.dynamicKey = dynamicKey
        self.cacheKey = cacheKey
        self.cacheExpiration = cacheExpiration
        self.taskVersion = taskVersion
        self.empiricalPolicy = empiricalPolicy
        self.tags = tags
        self.labels = labels
        self.taskInputs = taskInputs
        self.state = state
    }
}
