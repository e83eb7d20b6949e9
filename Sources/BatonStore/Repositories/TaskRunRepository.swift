import BatonCore
import Foundation

/// The repository of task runs: idempotent create, reads and queries, history, delete, and
/// orchestrated state changes, each in one transaction.
///
/// The seam a second backend (PostgreSQL) would implement; handlers depend on this, not on
/// SQLite. Failures are `StoreError`s.
public protocol TaskRunRepository: Sendable {
    /// Inserts the run with its initial state (forced: minimal policy, or the background policy
    /// for a deferred state), or returns the existing run with the same (flow run, task key,
    /// dynamic key) untouched. A reused id is `alreadyExists`; an unknown flow run is
    /// `failedPrecondition`.
    func createTaskRun(_ create: TaskRunCreate) async throws -> TaskRunCreation

    /// Renames a run: an empty name becomes a random slug, `nil` (the name was not sent) keeps
    /// the name and only moves `updated`. False when the run does not exist.
    func renameTaskRun(id: UUID, to name: String?) async throws -> Bool

    func readTaskRun(id: UUID) async throws -> TaskRun?

    /// The matching runs in `sort` order (ties by id descending), after `offset`, at most `limit`.
    func readTaskRuns(_ filters: TaskRunQueryFilters, sort: TaskRunSort, limit: Int, offset: Int) async throws
        -> [TaskRun]

    func countTaskRuns(_ filters: TaskRunQueryFilters) async throws -> Int

    /// Which of `ids` match `filters` as the runs are now (for watchers of state changes).
    func taskRunIDs(_ ids: [UUID], matching filters: TaskRunQueryFilters) async throws -> Set<UUID>

    /// One page and the total count (two independent reads, as Prefect does).
    func paginateTaskRuns(_ filters: TaskRunQueryFilters, sort: TaskRunSort, page: PageRequest) async throws
        -> TaskRunPage

    /// The request's buckets with a summary per current state (spec §4).
    func taskRunHistory(_ request: HistoryRequest) async throws -> [HistoryBucket]

    /// Deletes the run with its states and logs; false when it does not exist.
    func deleteTaskRun(id: UUID) async throws -> Bool

    /// One state of any task run's history, by its id.
    func readTaskRunState(id: UUID) async throws -> State?

    /// The run's states, oldest first by timestamp; none for an unknown run.
    func readTaskRunStates(taskRunID: UUID) async throws -> [State]

    /// Loads the run, orchestrates `proposal` and persists the outcome in one transaction.
    /// An unknown run, or a flow run that vanished, is `notFound`.
    func setTaskRunState(id: UUID, to proposal: StateCreate, force: Bool, parameters: [String: JSONValue])
        async throws -> TaskRunOrchestration

    /// Every run whose current state is a deferred SCHEDULED one, earliest scheduled first: what
    /// task workers should receive after a restart.
    func readScheduledDeferredTaskRuns() async throws -> [TaskRun]

    /// The first `limit` of those runs for `taskKey`, in the same order: a refill of its queue.
    func readScheduledDeferredTaskRuns(taskKey: String, limit: Int) async throws -> [TaskRun]
}
