import Foundation

/// Bounds a nullable timestamp column inclusively and can test it for null.
public struct NullableTimeFilter: Sendable, Hashable {
    /// Column `<=` this instant.
    public var before: Date?
    /// Column `>=` this instant.
    public var after: Date?
    /// true → column IS NULL; false → IS NOT NULL.
    public var isNull: Bool?

    public init(before: Date? = nil, after: Date? = nil, isNull: Bool? = nil) {
        self.before = before
        self.after = after
        self.isNull = isNull
    }
}
