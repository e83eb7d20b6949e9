/// The outcome of a create that may find the object already there: the object as stored, and
/// whether this call inserted it.
public struct Creation<Value: Sendable & Hashable>: Sendable, Hashable {
    public var value: Value
    /// True when this call inserted the object; false when it existed (and may have been updated,
    /// for upserts).
    public var created: Bool

    public init(value: Value, created: Bool) {
        self.value = value
        self.created = created
    }
}
