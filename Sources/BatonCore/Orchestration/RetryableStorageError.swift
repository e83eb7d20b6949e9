/// A storage failure worth retrying, such as a busy database.
///
/// Stores mark such errors with this protocol so that a failing commit step propagates them
/// (→ `UNAVAILABLE`) instead of turning the outcome into ABORT.
public protocol RetryableStorageError: Error {}
