import BatonCore

/// The fields of a new flow; flows are created idempotently by name.
public struct FlowCreate: Sendable, Hashable {
    /// Unique; the caller has checked it contains none of `/ % & > <`.
    public var name: String
    public var tags: [String]
    public var labels: [String: JSONValue]

    public init(name: String, tags: [String] = [], labels: [String: JSONValue] = [:]) {
        self.name = name
        self.tags = tags
        self.labels = labels
    }
}
