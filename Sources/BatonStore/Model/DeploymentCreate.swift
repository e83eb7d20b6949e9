import BatonCore
import Foundation

/// The fields of a new deployment; a deployment with the same flow and name is updated instead.
public struct DeploymentCreate: Sendable, Hashable {
    /// Unique per flow.
    public var name: String
    /// Must name an existing flow.
    public var flowID: UUID
    public var paused: Bool
    public var tags: [String]
    public var labels: [String: JSONValue]
    public var workQueueName: String?

    public init(
        name: String, flowID: UUID, paused: Bool = false, tags: [String] = [], labels: [String: JSONValue] = [:],
        workQueueName: String? = nil
    ) {
        self.name = name
        self.flowID = flowID
        self.paused = paused
        self.tags = tags
        self.labels = labels
        self.workQueueName = workQueueName
    }
}
