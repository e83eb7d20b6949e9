import Foundation

/// A cache row: a COMPLETED state that may be served instead of running a task with the same
/// cache key, until it expires.
public struct TaskRunStateCacheEntry: Sendable, Hashable {
    public var cacheKey: String
    /// `nil` never expires.
    public var cacheExpiration: Date?
    public var stateID: UUID

    public init(cacheKey: String, cacheExpiration: Date?, stateID: UUID) {
        self.cacheKey = cacheKey
        self.cacheExpiration = cacheExpiration
        self.stateID = stateID
    }
}
