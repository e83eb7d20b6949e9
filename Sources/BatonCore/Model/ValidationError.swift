/// A rejected input: which field was wrong and the message the client sees.
///
/// Handlers map it to `INVALID_ARGUMENT` with a `BadRequest` field violation; the messages are
/// Prefect's where Prefect has one.
public struct ValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The field path in Prefect's JSON naming, e.g. `empirical_policy.retry_delay`.
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}
