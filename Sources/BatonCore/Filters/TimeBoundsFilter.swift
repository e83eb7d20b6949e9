import Foundation

/// Bounds a timestamp column inclusively; rows whose column is null satisfy neither bound.
public struct TimeBoundsFilter: Sendable, Hashable {
    /// Column `<=` this instant.
    public var before: Date?
    /// Column `>=` this instant.
    public var after: Date?

    public init(before: Date? = nil, after: Date? = nil) {
        self.before = before
        self.after = after
    }
}
