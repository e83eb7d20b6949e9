import BatonCore
import Foundation

/// The flow-run writes that run as one request of the group-commit writer: idempotent create
/// and set-state. A subflow run's new state is also forced onto its parent task run, as
/// Prefect's `UpdateSubflowParentTask` does, in the same transaction.
struct FlowRunWrites {
    let connection: SQLiteConnection
    let now: Date
    /// Orchestrates the forced state of a subflow run's parent task run.
    let orchestrator: TaskRunOrchestrator

    /// Returns the run of the same flow with the same idempotency key untouched, or inserts a new
    /// run with its initial state (PENDING when none is given).
    func create(_ create: FlowRunCreate) throws -> FlowRunCreation {
        let table = FlowRunTable(connection: connection)
        if let key = create.idempotencyKey, let existing = try table.find(flowID: create.flowID, idempotencyKey: key) {
            return FlowRunCreation(run: existing, created: false)
        }
        let id = create.id ?? .timeOrdered(at: now)
        var stored = StoredFlowRun(
            flowRun: FlowRun(
                id: id, flowID: create.flowID, name: RandomSlug.name(create.name), tags: create.tags,
                labels: try labels(for: create), deploymentID: create.deploymentID,
                workQueueName: create.workQueueName, flowVersion: create.flowVersion,
                idempotencyKey: create.idempotencyKey, parentTaskRunID: create.parentTaskRunID),
            created: now, updated: now, deploymentVersion: create.deploymentVersion, createdBy: create.createdBy,
            empiricalPolicy: create.empiricalPolicy, parameters: create.parameters, context: create.context)
        let state = FlowRunStateBookkeeping.apply(
            proposal(create.state ?? StateCreate(type: .pending)), to: &stored, at: now)
        do {
            try table.insert(stored)
        } catch let error as SQLiteError where error.isUniquenessViolation {
            throw StoreError.alreadyExists("A flow run with id \(id.lowercasedString) already exists.")
        } catch let error as SQLiteError where error.isForeignKeyViolation {
            throw StoreError.failedPrecondition(
                "The flow run's deployment or parent task run does not exist.")
        }
        try StateTable(connection: connection, kind: .flowRun).insert(state.stored, runID: id, at: now)
        return FlowRunCreation(
            run: stored, created: true, parentTaskRun: try updateParentTaskRun(of: stored, to: state.validated))
    }

    /// Writes `proposal` as the run's new state (always accepted) with its bookkeeping.
    func setState(id: UUID, to proposal: StateCreate) throws -> FlowRunOrchestration {
        let table = FlowRunTable(connection: connection)
        guard var stored = try table.find(id: id) else {
            throw StoreError.notFound("Flow run with id \(id.lowercasedString) not found")
        }
        let state = FlowRunStateBookkeeping.apply(self.proposal(proposal), to: &stored, at: now)
        try StateTable(connection: connection, kind: .flowRun).insert(state.stored, runID: id, at: now)
        try table.updateState(of: stored)
        return FlowRunOrchestration(
            result: OrchestrationResult(state: state.validated, details: .accept), flowRun: stored,
            stateWritten: true, parentTaskRun: try updateParentTaskRun(of: stored, to: state.validated))
    }

    /// Forces a copy of a subflow run's new state onto its parent task run, pointing at the
    /// subflow through `child_flow_run_id`; nothing for a run without a parent task run.
    private func updateParentTaskRun(of stored: StoredFlowRun, to state: State) throws -> TaskRunOrchestration? {
        guard let parentID = stored.flowRun.parentTaskRunID else { return nil }
        var details = state.details
        details.childFlowRunID = stored.flowRun.id
        let copy = StateCreate(
            type: state.type, name: state.name, message: state.message, data: state.data, details: details)
        return try TaskRunWrites(connection: connection, now: now, orchestrator: orchestrator)
            .setState(id: parentID, to: copy, force: true, parameters: [:])
    }

    private func proposal(_ create: StateCreate) -> State {
        State(proposal: create, id: .timeOrdered(at: now), timestamp: now)
    }

    /// The flow's labels (or, for a deployment run, the deployment's), then the ids, then the
    /// client's (spec task-run-api §1.7). A missing flow or deployment is a failed precondition.
    private func labels(for create: FlowRunCreate) throws -> [String: JSONValue] {
        guard let flowLabels = try FlowTable(connection: connection).labels(ofFlow: create.flowID) else {
            throw StoreError.failedPrecondition("Flow \(create.flowID.lowercasedString) does not exist.")
        }
        guard let deploymentID = create.deploymentID else {
            return .labels(inheriting: flowLabels, system: ["prefect.flow.id": create.flowID], client: create.labels)
        }
        guard let deploymentLabels = try DeploymentTable(connection: connection).labels(ofDeployment: deploymentID) else {
            throw StoreError.failedPrecondition("Deployment \(deploymentID.lowercasedString) does not exist.")
        }
        return .labels(
            inheriting: deploymentLabels,
            system: ["prefect.flow.id": create.flowID, "prefect.deployment.id": deploymentID], client: create.labels)
    }
}
