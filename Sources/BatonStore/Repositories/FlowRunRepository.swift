import BatonCore
import Foundation

/// The repository of flow runs, with the minimal orchestration task runs depend on.
public protocol FlowRunRepository: Sendable {
    /// Inserts the run with its initial state, or returns the run of the same flow with the same
    /// idempotency key unchanged. An unknown flow, deployment or parent task run is
    /// `failedPrecondition`; a reused id is `alreadyExists`. A new subflow run's initial state
    /// is forced onto its parent task run.
    func createFlowRun(_ create: FlowRunCreate) async throws -> FlowRunCreation

    func readFlowRun(id: UUID) async throws -> StoredFlowRun?

    /// The matching runs in `sort` order (ties by id descending), after `offset`, at most `limit`.
    func readFlowRuns(_ filters: FlowRunQueryFilters, sort: FlowRunSort, limit: Int, offset: Int) async throws
        -> [StoredFlowRun]

    /// Deletes the run with its states, task runs and logs; false when it does not exist.
    func deleteFlowRun(id: UUID) async throws -> Bool

    /// Writes `proposal` as the run's new state with the bookkeeping of spec §1.8. Every
    /// proposal is accepted (so `force` has nothing to skip); an unknown run is `notFound`. A
    /// subflow run's new state is forced onto its parent task run.
    func setFlowRunState(id: UUID, to proposal: StateCreate) async throws -> FlowRunOrchestration
}
