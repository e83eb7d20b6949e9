import Foundation

/// A v1 tag concurrency limit as stored: at most `limit` task runs carrying `tag` may be RUNNING
/// at once, and `activeSlots` are the runs holding a slot now.
///
/// Orchestration sees the same limit as BatonCore's `TagConcurrencyLimit`.
public struct ConcurrencyLimit: Sendable, Hashable {
    public var id: UUID
    public var created: Date
    /// Changes with every slot taken or freed.
    public var updated: Date
    public var tag: String
    public var limit: Int
    /// In the order the slots were taken.
    public var activeSlots: [UUID]

    public init(id: UUID, created: Date, updated: Date, tag: String, limit: Int, activeSlots: [UUID]) {
        self.id = id
        self.created = created
        self.updated = updated
        self.tag = tag
        self.limit = limit
        self.activeSlots = activeSlots
    }
}
