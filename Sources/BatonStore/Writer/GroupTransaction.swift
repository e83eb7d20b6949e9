/// Writes one batch of requests as one transaction: a savepoint per request, one COMMIT, then
/// every caller is answered.
struct GroupTransaction {
    let connection: SQLiteConnection

    /// Returns how many transactions committed (one, unless SQLite rolled one back midway).
    func run(_ batch: [WriteRequest]) -> Int {
        var committed = 0
        var completions: [WriteCompletion] = []
        var remaining = batch[...]
        while !remaining.isEmpty {
            do {
                try connection.execute("BEGIN IMMEDIATE")
            } catch {
                // No transaction (e.g. another process holds the lock past the busy timeout).
                let failure = StoreError(error)
                for request in remaining { request.reject(failure) }
                break
            }
            while let request = remaining.popFirst() {
                completions.append(perform(request))
                if !connection.isInTransaction {
                    // SQLite rolled the whole transaction back (disk full, I/O error): the work
                    // that succeeded before is gone. Tell those callers, then start over.
                    answer(
                        &completions,
                        commitError: .unavailable(
                            "A write in the same transaction failed and SQLite rolled the transaction back; try again.")
                    )
                    break
                }
            }
            guard connection.isInTransaction else { continue }
            do {
                try connection.execute("COMMIT")
                committed += 1
                answer(&completions, commitError: nil)
            } catch {
                try? connection.execute("ROLLBACK")
                answer(&completions, commitError: StoreError(error))
            }
        }
        return committed
    }

    /// Runs one request inside its savepoint; a failure rolls back to it, leaving the rest.
    private func perform(_ request: WriteRequest) -> WriteCompletion {
        do {
            try connection.execute("SAVEPOINT request")
        } catch {
            let failure = StoreError(error)
            return WriteCompletion(succeeded: false) { _ in request.reject(failure) }
        }
        let completion = request.perform(connection)
        guard connection.isInTransaction else { return completion }
        do {
            if !completion.succeeded {
                try connection.execute("ROLLBACK TO request")
            }
            try connection.execute("RELEASE request")
        } catch {
            // Leave the transaction in a known state: none.
            try? connection.execute("ROLLBACK")
        }
        return completion
    }

    private func answer(_ completions: inout [WriteCompletion], commitError: StoreError?) {
        for completion in completions { completion.resume(commitError) }
        completions.removeAll()
    }
}
