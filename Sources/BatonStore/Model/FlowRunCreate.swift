import BatonCore
import Foundation

/// The client-settable fields of a new flow run (spec task-run-api §5).
public struct FlowRunCreate: Sendable, Hashable {
    /// `nil`: the store generates one.
    public var id: UUID?
    /// Must name an existing flow.
    public var flowID: UUID
    /// `nil` or empty: a random two-word slug.
    public var name: String?
    public var tags: [String]
    /// The client's labels, merged over the flow's (or deployment's) labels.
    public var labels: [String: JSONValue]
    public var deploymentID: UUID?
    public var deploymentVersion: String?
    public var workQueueName: String?
    public var flowVersion: String?
    /// With a key, an existing run of the same flow with that key is returned unchanged.
    public var idempotencyKey: String?
    public var parentTaskRunID: UUID?
    public var createdBy: CreatedBy?
    public var parameters: [String: JSONValue]
    public var context: [String: JSONValue]
    public var empiricalPolicy: FlowRunPolicy
    /// Written without orchestration; `nil` means PENDING.
    public var state: StateCreate?

    public init(
        id: UUID? = nil,
        flowID: UUID,
        name: String? = nil,
        tags: [String] = [],
        labels: [String: JSONValue] = [:],
        deploymentID: UUID? = nil,
        deploymentVersion: String? = nil,
        workQueueName: String? = nil,
        flowVersion: String? = nil,
        idempotencyKey: String? = nil,
        parentTaskRunID: UUID? = nil,
        createdBy: CreatedBy? = nil,
        parameters: [String: JSONValue] = [:],
        context: [String: JSONValue] = [:],
        empiricalPolicy: FlowRunPolicy = FlowRunPolicy(),
        state: StateCreate? = nil
    ) {
        self.id = id
        self.flowID = flowID
        self.name = name
        self.tags = tags
        self.labels = labels
        self.deploymentID = deploymentID
        self.deploymentVersion = deploymentVersion
        self.workQueueName = workQueueName
        self.flowVersion = flowVersion
        self.idempotencyKey = idempotencyKey
        self.parentTaskRunID = parentTaskRunID
        self.createdBy = createdBy
        self.parameters = parameters
        self.context = context
        self.empiricalPolicy = empiricalPolicy
        self.state = state
    }
}
