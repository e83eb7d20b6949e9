/// Writes one batch of requests as one transaction with one COMMIT, then answers every caller.
///
/// Requests first run back to back with no savepoints: a savepoint makes SQLite copy every page
/// a request touches into its sub-journal, which costs more than the request's own inserts, and
/// almost every request either succeeds or fails before it writes. When a request fails after
/// changing rows, the transaction is rolled back and its requests run again, each in its own
/// savepoint, so that the failed one rolls back alone.
struct GroupTransaction {
    let connection: SQLiteConnection

    private enum Isolation {
        /// No savepoints; a failure that changed rows sends the transaction back for `.savepoints`.
        case optimistic
        /// Each request in its own savepoint.
        case savepoints
    }

    /// A performed request's answer, or the news that the transaction must start over.
    private enum RequestOutcome {
        case performed(WriteCompletion)
        case needsSavepoints
    }

    /// How a batch went: transactions committed (one, unless SQLite rolled one back midway), the
    /// time their COMMITs took, and how often it was started over with savepoints.
    struct Outcome {
        var committed = 0
        var commitTime = Duration.zero
        var restarts = 0
    }

    func run(_ batch: [WriteRequest]) -> Outcome {
        var outcome = Outcome()
        var isolation = Isolation.optimistic
        var remaining = batch[...]
        transactions: while !remaining.isEmpty {
            do {
                try connection.execute("BEGIN IMMEDIATE")
            } catch {
                // No transaction (e.g. another process holds the lock past the busy timeout).
                let failure = StoreError(error)
                for request in remaining { request.reject(failure) }
                break
            }
            let transactionStart = remaining
            var completions: [WriteCompletion] = []
            while let request = remaining.popFirst() {
                switch perform(request, isolation) {
                case .needsSavepoints:
                    try? connection.execute("ROLLBACK")
                    outcome.restarts += 1
                    isolation = .savepoints
                    remaining = transactionStart
                    continue transactions
                case .performed(let completion):
                    completions.append(completion)
                }
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
            let commitStart = ContinuousClock.now
            do {
                try connection.execute("COMMIT")
                outcome.commitTime += ContinuousClock.now - commitStart
                outcome.committed += 1
                answer(&completions, commitError: nil)
            } catch {
                try? connection.execute("ROLLBACK")
                answer(&completions, commitError: StoreError(error))
            }
        }
        return outcome
    }

    private func perform(_ request: WriteRequest, _ isolation: Isolation) -> RequestOutcome {
        switch isolation {
        case .optimistic:
            let changesBefore = connection.totalChanges
            let completion = request.perform(connection)
            let wroteThenFailed = !completion.succeeded && connection.totalChanges != changesBefore
            return wroteThenFailed && connection.isInTransaction ? .needsSavepoints : .performed(completion)
        case .savepoints:
            return .performed(performInSavepoint(request))
        }
    }

    /// Runs one request inside its savepoint; a failure rolls back to it, leaving the rest.
    private func performInSavepoint(_ request: WriteRequest) -> WriteCompletion {
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
