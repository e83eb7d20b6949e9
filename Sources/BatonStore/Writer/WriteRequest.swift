/// One caller's write waiting for the writer: the work to run in the group transaction, and
/// how to answer the caller.
struct WriteRequest: Sendable {
    /// Runs the work on the writer's connection; the completion it returns answers the caller
    /// once the batch's COMMIT has succeeded or failed.
    let perform: @Sendable (SQLiteConnection) -> WriteCompletion
    /// Answers the caller with `error` when the work never ran (store closed, no transaction).
    let reject: @Sendable (StoreError) -> Void

    init<Value: Sendable>(
        _ work: @escaping @Sendable (SQLiteConnection) throws -> Value,
        answering caller: CheckedContinuation<Value, any Error>
    ) {
        perform = { connection in
            do {
                let value = try work(connection)
                return WriteCompletion(succeeded: true) { commitError in
                    if let commitError {
                        caller.resume(throwing: commitError)
                    } else {
                        caller.resume(returning: value)
                    }
                }
            } catch {
                let failure = StoreError(error)
                return WriteCompletion(succeeded: false) { _ in caller.resume(throwing: failure) }
            }
        }
        reject = { caller.resume(throwing: $0) }
    }
}

/// A performed write's answer, held back until its transaction's fate is known.
struct WriteCompletion {
    /// Whether the work finished without error.
    let succeeded: Bool
    /// Answers the caller; `commitError` is set when the transaction did not commit, which
    /// only matters for work that succeeded.
    let resume: (_ commitError: StoreError?) -> Void
}
