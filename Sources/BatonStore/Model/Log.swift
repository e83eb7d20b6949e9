import Foundation

/// A stored log line of a flow run or task run; deleting a task run deletes its logs.
public struct Log: Sendable, Hashable {
    public var id: UUID
    public var created: Date
    public var updated: Date
    public var name: String
    public var level: Int
    public var message: String
    public var timestamp: Date
    public var flowRunID: UUID?
    public var taskRunID: UUID?

    public init(
        id: UUID, created: Date, updated: Date, name: String, level: Int, message: String, timestamp: Date,
        flowRunID: UUID?, taskRunID: UUID?
    ) {
        self.id = id
        self.created = created
        self.updated = updated
        self.name = name
        self.level = level
        self.message = message
        self.timestamp = timestamp
        self.flowRunID = flowRunID
        self.taskRunID = taskRunID
    }
}
