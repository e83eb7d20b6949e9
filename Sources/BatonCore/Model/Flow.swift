import Foundation

/// The parts of a flow that task-run filters and task-run labels look at.
public struct Flow: Sendable, Hashable {
    public var id: UUID
    /// Unique; must not contain `/ % & > <`.
    public var name: String
    public var tags: [String]
    public var labels: [String: JSONValue]

    public init(id: UUID, name: String, tags: [String] = [], labels: [String: JSONValue] = [:]) {
        self.id = id
        self.name = name
        self.tags = tags
        self.labels = labels
    }
}
