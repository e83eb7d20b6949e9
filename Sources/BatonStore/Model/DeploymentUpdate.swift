import BatonCore

/// Changes to a deployment; `nil` fields stay as they are.
public struct DeploymentUpdate: Sendable, Hashable {
    public var paused: Bool?
    /// Replaces the tags; an empty list clears them.
    public var tags: [String]?
    /// Replaces the labels.
    public var labels: [String: JSONValue]?
    public var workQueueName: String?

    public init(
        paused: Bool? = nil, tags: [String]? = nil, labels: [String: JSONValue]? = nil, workQueueName: String? = nil
    ) {
        self.paused = paused
        self.tags = tags
        self.labels = labels
        self.workQueueName = workQueueName
    }
}
