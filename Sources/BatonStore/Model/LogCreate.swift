import Foundation

/// A log line to store; the run ids are not checked, since logs may arrive before their run.
public struct LogCreate: Sendable, Hashable {
    /// The logger name.
    public var name: String
    /// Python logging level (10 DEBUG … 50 CRITICAL).
    public var level: Int
    public var message: String
    /// When the client emitted it.
    public var timestamp: Date
    public var flowRunID: UUID?
    public var taskRunID: UUID?

    public init(
        name: String, level: Int, message: String, timestamp: Date, flowRunID: UUID? = nil, taskRunID: UUID? = nil
    ) {
        self.name = name
        self.level = level
        self.message = message
        self.timestamp = timestamp
        self.flowRunID = flowRunID
        self.taskRunID = taskRunID
    }
}
