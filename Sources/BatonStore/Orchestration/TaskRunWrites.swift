import BatonCore
import Foundation

/// The task-run writes that run as one request of the group-commit writer: idempotent create
/// and orchestrated set-state (spec task-run-api §2.1, §2.9).
struct TaskRunWrites {
    let connection: SQLiteConnection
    /// One instant for the whole request: the proposal's id and timestamp, `updated`, and what
    /// rules see as now.
    let now: Date
    let orchestrator: TaskRunOrchestrator

    /// Returns the existing run with the same identity untouched, or inserts a new one whose
    /// initial state is written with `force` (the background policy for a deferred state).
    func create(_ create: TaskRunCreate) throws -> TaskRunCreation {
        let table = TaskRunTable(connection: connection)
        if let existing = try table.find(
            flowRunID: create.flowRunID, taskKey: create.taskKey, dynamicKey: create.dynamicKey)
        {
            return TaskRunCreation(run: existing, created: false)
        }
        let run = TaskRun(
            id: create.id ?? .timeOrdered(at: now), created: now, updated: now, name: RandomSlug.name(create.name),
            flowRunID: create.flowRunID, taskKey: create.taskKey, dynamicKey: create.dynamicKey,
            cacheKey: create.cacheKey, cacheExpiration: create.cacheExpiration, taskVersion: create.taskVersion,
            empiricalPolicy: create.empiricalPolicy, tags: create.tags, labels: try labels(for: create),
            taskInputs: create.taskInputs)
        // The state is orchestrated first and written after the run's row, so the row is
        // inserted once with its final bookkeeping instead of inserted and then updated.
        let data = SQLiteOrchestrationData(connection: connection, now: now, stateInsertion: .heldUntilRunInserted)
        let orchestration = try orchestrator.setState(
            of: run, to: proposal(create.state ?? StateCreate(type: .pending)), force: true, data: data)
        do {
            try table.insert(orchestration.run)
        } catch let error as SQLiteError where error.isUniquenessViolation {
            throw StoreError.alreadyExists(
                "A task run with id \(run.id.lowercasedString) already exists (or another process just created "
                    + "this one).")
        }
        if let state = data.heldState {
            try StateTable(connection: connection, kind: .taskRun).insert(state, runID: run.id, at: now)
        }
        return TaskRunCreation(
            run: orchestration.run, created: true, enqueueAfterCommit: orchestration.enqueueAfterCommit)
    }

    /// Loads the run, orchestrates `proposal`, and persists what changed.
    func setState(id: UUID, to proposal: StateCreate, force: Bool, parameters: [String: JSONValue]) throws
        -> TaskRunOrchestration
    {
        let table = TaskRunTable(connection: connection)
        guard let run = try table.find(id: id) else {
            throw StoreError.notFound("Task run with id \(id.lowercasedString) not found")
        }
        var orchestration = try orchestrator.setState(
            of: run, to: self.proposal(proposal), force: force, parameters: parameters,
            data: SQLiteOrchestrationData(connection: connection, now: now))
        if orchestration.run != run {
            orchestration.run.updated = now
            try table.update(from: run, to: orchestration.run)
        }
        return orchestration
    }

    private func proposal(_ create: StateCreate) -> State {
        State(proposal: create, id: .timeOrdered(at: now), timestamp: now)
    }

    /// The parent flow run's labels, then its id, then the client's (spec §1.7); an unknown
    /// flow run is a failed precondition.
    private func labels(for create: TaskRunCreate) throws -> [String: JSONValue] {
        guard let flowRunID = create.flowRunID else { return create.labels }
        guard let flowRunLabels = try FlowRunTable(connection: connection).labels(ofFlowRun: flowRunID) else {
            throw StoreError.failedPrecondition("Flow run \(flowRunID.lowercasedString) does not exist.")
        }
        return .labels(inheriting: flowRunLabels, system: ["prefect.flow-run.id": flowRunID], client: create.labels)
    }
}
