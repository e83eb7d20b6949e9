import Foundation

/// The parts of a deployment that task-run filters look at.
public struct Deployment: Sendable, Hashable {
    public var id: UUID
    public var flowID: UUID
    /// Unique per flow.
    public var name: String
    public var paused: Bool
    public var tags: [String]
    public var labels: [String: JSONValue]
    public var workQueueName: String?

    public init(
        id: UUID,
        flowID: UUID,
        name: String,
        paused: Bool = false,
        tags: [String] = [],
        labels: [String: JSONValue] = [:],
        workQueueName: String? = nil
    ) {
        self.id = id
        self.flowID = flowID
        self.name = name
        self.paused = paused
        self.tags = tags
        self.labels = labels
        self.workQueueName = workQueueName
    }
}
