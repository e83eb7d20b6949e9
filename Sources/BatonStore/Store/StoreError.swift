import BatonCore

/// The error a store operation throws, one case per answer the caller gives (DESIGN.md error
/// table).
///
/// Orchestration outcomes (WAIT, ABORT, …) are never errors: they are data in the result.
public enum StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The object the operation needs does not exist (→ NOT_FOUND).
    case notFound(String)
    /// A row with the same identity exists already, e.g. a reused client id (→ ALREADY_EXISTS).
    case alreadyExists(String)
    /// The request refers to something missing, such as an unknown flow run (→ FAILED_PRECONDITION).
    case failedPrecondition(String)
    /// The answer would be too large to read or send (→ RESOURCE_EXHAUSTED).
    case resourceExhausted(String)
    /// The database stayed busy past its timeout, or the store is closed; retrying may help
    /// (→ UNAVAILABLE).
    case unavailable(String)
    /// The database file is not Baton's, or a newer Baton wrote it; nothing was changed.
    case incompatibleDatabase(String)
    /// A bug or a damaged database: unexpected SQLite failure or undecodable stored data
    /// (→ INTERNAL).
    case `internal`(String)

    public var description: String {
        switch self {
        case .notFound(let message), .alreadyExists(let message), .failedPrecondition(let message),
            .resourceExhausted(let message), .unavailable(let message), .incompatibleDatabase(let message),
            .internal(let message):
            message
        }
    }

    /// The store error for any failure, classifying raw SQLite errors by their code.
    init(_ error: any Error) {
        switch error {
        case let error as StoreError:
            self = error
        case let error as SQLiteError:
            self = StoreError(error)
        case let error as RetryableSQLiteError:
            self = StoreError(error.underlying)
        case let error as OrchestrationError:
            switch error {
            case .flowRunNotFound: self = .notFound(error.description)
            case .rejectedWithoutCurrentState: self = .internal(error.description)
            case .retryOutOfRange: self = .failedPrecondition(error.description)
            }
        default:
            self = .internal(String(describing: error))
        }
    }

    private init(_ error: SQLiteError) {
        if error.isBusy {
            self = .unavailable("The database is busy; try again (\(error.message)).")
        } else if error.isUniquenessViolation {
            self = .alreadyExists("Data integrity conflict: \(error.message).")
        } else if error.isForeignKeyViolation {
            self = .failedPrecondition("Data integrity conflict: a referenced object does not exist.")
        } else {
            self = .internal(error.description)
        }
    }
}

/// A busy or locked database met inside orchestration's commit step.
///
/// Marked retryable so that orchestration re-throws it (→ UNAVAILABLE) instead of answering
/// ABORT "Error validating state".
struct RetryableSQLiteError: RetryableStorageError {
    let underlying: SQLiteError
}
