import Foundation

/// The data orchestration rules read and write, provided by the store inside its write
/// transaction so rules stay free of I/O and testable without a database.
///
/// Every call happens synchronously on the caller's thread, inside the transaction that will
/// also persist the run. When orchestration throws, the caller rolls back everything done
/// through this protocol during the call.
public protocol OrchestrationDataSource {
    /// The instant this orchestration happens at; must not change during one call.
    var now: Date { get }

    /// The state behind the most recently created cache entry for `cacheKey` whose expiration
    /// is null or later than `instant`, with its data; `nil` when there is none.
    func newestCachedState(forKey cacheKey: String, unexpiredAt instant: Date) throws -> State?

    /// Records that `entry.stateID` may be served for `entry.cacheKey`.
    func insertCacheEntry(_ entry: TaskRunStateCacheEntry) throws

    /// The flow run with its current state, or `nil` when it does not exist; read at most once
    /// per orchestration.
    func flowRun(id: UUID) throws -> FlowRun?

    /// The v1 tag concurrency limits defined for any of `tags`, ordered by tag.
    func tagConcurrencyLimits(forTags tags: [String]) throws -> [TagConcurrencyLimit]

    /// Adds `taskRunID` to the active slots of the limit on `tag` (a set: no double counting).
    func occupyTagConcurrencySlot(tag: String, taskRunID: UUID) throws

    /// Removes `taskRunID` from the active slots of the limits on `tags`; tags without a limit
    /// are skipped.
    func releaseTagConcurrencySlots(tags: [String], taskRunID: UUID) throws

    /// Writes `state` as a new state row of `run` (the commit step).
    ///
    /// Throw a `RetryableStorageError` for failures worth retrying (database busy): they
    /// propagate to the caller. Any other error turns the outcome into ABORT
    /// `Error validating state: …` with nothing written.
    func insertState(_ state: State, of run: TaskRun) throws
}
