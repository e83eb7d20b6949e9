import Foundation

/// A v1 tag concurrency limit: at most `limit` task runs carrying `tag` may be RUNNING at once.
///
/// A limit of 0 can never be satisfied, so proposals to run are aborted instead of delayed.
public struct TagConcurrencyLimit: Sendable, Hashable {
    public var tag: String
    public var limit: Int
    /// The task runs holding a slot.
    public var activeSlots: Set<UUID>

    public init(tag: String, limit: Int, activeSlots: Set<UUID> = []) {
        self.tag = tag
        self.limit = limit
        self.activeSlots = activeSlots
    }
}
