import BatonCore
import Foundation

/// The database as orchestration rules see it, bound to the writer's open transaction.
///
/// Everything it writes (cache entries, tag slots, the state) belongs to the request, so a
/// request that fails leaves none of it behind — and tag slots are taken in the same
/// transaction as the state, unlike Prefect on SQLite.
final class SQLiteOrchestrationData: OrchestrationDataSource {
    /// When the commit step writes the state row.
    enum StateInsertion {
        /// At once: the run's row exists.
        case immediate
        /// Held back in `heldState`, for a run whose row is inserted after orchestration.
        case heldUntilRunInserted
    }

    let now: Date
    private let connection: SQLiteConnection
    private let stateInsertion: StateInsertion
    /// The state the commit step produced under `.heldUntilRunInserted`.
    private(set) var heldState: State?

    init(connection: SQLiteConnection, now: Date, stateInsertion: StateInsertion = .immediate) {
        self.connection = connection
        self.now = now
        self.stateInsertion = stateInsertion
    }

    func newestCachedState(forKey cacheKey: String, unexpiredAt instant: Date) throws -> State? {
        try TaskRunStateCacheTable(connection: connection).newestState(forKey: cacheKey, unexpiredAt: instant)
    }

    func insertCacheEntry(_ entry: TaskRunStateCacheEntry) throws {
        try TaskRunStateCacheTable(connection: connection).insert(entry, at: now)
    }

    func flowRun(id: UUID) throws -> FlowRun? {
        try FlowRunTable(connection: connection).find(id: id)?.flowRun
    }

    func tagConcurrencyLimits(forTags tags: [String]) throws -> [TagConcurrencyLimit] {
        try ConcurrencyLimitTable(connection: connection).limits(forTags: tags)
    }

    func occupyTagConcurrencySlot(tag: String, taskRunID: UUID) throws {
        try ConcurrencyLimitTable(connection: connection).occupySlot(tag: tag, taskRunID: taskRunID, at: now)
    }

    func releaseTagConcurrencySlots(tags: [String], taskRunID: UUID) throws {
        try ConcurrencyLimitTable(connection: connection).releaseSlots(tags: tags, taskRunID: taskRunID, at: now)
    }

    func insertState(_ state: State, of run: TaskRun) throws {
        switch stateInsertion {
        case .heldUntilRunInserted:
            heldState = state
        case .immediate:
            do {
                try StateTable(connection: connection, kind: .taskRun).insert(state, runID: run.id, at: now)
            } catch let error as SQLiteError where error.isBusy {
                throw RetryableSQLiteError(underlying: error)
            }
        }
    }
}
