import Foundation

/// Who created a flow run (a deployment, an automation, …), as Prefect records it.
public struct CreatedBy: Sendable, Hashable {
    public var id: UUID?
    /// The kind of creator, e.g. `DEPLOYMENT`.
    public var type: String?
    public var displayValue: String?

    public init(id: UUID? = nil, type: String? = nil, displayValue: String? = nil) {
        self.id = id
        self.type = type
        self.displayValue = displayValue
    }
}
