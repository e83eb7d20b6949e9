/// Matches a name exactly (`any_`) or by case-insensitive containment (`like_`).
///
/// `like` is not escaped: `%` and `_` in it act as SQL wildcards, and an empty string is
/// ignored. An empty `anyOf` matches nothing.
public struct NameFilter: Sendable, Hashable {
    public var anyOf: [String]?
    public var like: String?

    public init(anyOf: [String]? = nil, like: String? = nil) {
        self.anyOf = anyOf
        self.like = like
    }
}
