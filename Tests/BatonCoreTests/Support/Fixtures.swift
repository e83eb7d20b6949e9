import Foundation

@testable import BatonCore

/// 2021-07-01 00:00:00 UTC, the instant Prefect's history tests start from.
let referenceDate = Date(timeIntervalSince1970: 1_625_097_600)

/// A task run with no state and default bookkeeping.
func makeRun(
    flowRunID: UUID? = nil, tags: [String] = [], policy: TaskRunPolicy = TaskRunPolicy(), runCount: Int = 0
) -> TaskRun {
    TaskRun(
        id: UUID(), created: referenceDate, updated: referenceDate, name: "brave-otter", flowRunID: flowRunID,
        taskKey: "my-key", dynamicKey: "0", empiricalPolicy: policy, tags: tags, runCount: runCount)
}

/// A state stamped at `timestamp`.
func makeState(
    _ type: StateType, name: String? = nil, at timestamp: Date = referenceDate, data: JSONValue? = nil,
    details: StateDetails = StateDetails()
) -> State {
    State(id: UUID(), type: type, name: name, timestamp: timestamp, data: data, details: details)
}

/// A flow run of a new flow in `state` (or none).
func makeFlowRun(state: StateType?, runCount: Int = 1, at timestamp: Date = referenceDate) -> FlowRun {
    FlowRun(
        id: UUID(), flowID: UUID(), name: "happy-duck", state: state.map { makeState($0, at: timestamp) },
        runCount: runCount)
}

extension TaskRun {
    /// This run as it would be after `state` was written to it earlier.
    func inState(_ state: State) -> TaskRun {
        var run = self
        run.state = state
        run.stateID = state.id
        run.stateType = state.type
        run.stateName = state.name
        run.stateTimestamp = state.timestamp
        return run
    }
}

/// A test harness: one run, one data source, and proposals through a chosen list of steps or
/// a full policy.
struct Harness {
    var data: InMemoryOrchestrationData
    var orchestrator = TaskRunOrchestrator(settings: OrchestrationSettings(randomUnit: { 1 }))

    init(now: Date = referenceDate) {
        data = InMemoryOrchestrationData(now: now)
    }

    /// A state proposed now.
    func proposal(
        _ type: StateType, name: String? = nil, data: JSONValue? = nil, details: StateDetails = StateDetails()
    )
        -> State
    {
        State(
            proposal: StateCreate(type: type, name: name, data: data, details: details), id: UUID(),
            timestamp: self.data.now)
    }

    /// Runs `proposal` through exactly `steps` (no global bookkeeping).
    func run(_ steps: [PolicyStep], on run: TaskRun, proposing proposal: State, parameters: [String: JSONValue] = [:])
        throws -> OrchestrationContext
    {
        try orchestrator.orchestrate(run: run, proposal: proposal, steps: steps, parameters: parameters, data: data)
    }

    /// Runs `proposal` through the policy the server would choose, plus global bookkeeping.
    func setState(of run: TaskRun, to proposal: State, force: Bool = false) throws -> TaskRunOrchestration {
        try orchestrator.setState(of: run, to: proposal, force: force, data: data)
    }

    /// Advances the clock.
    func advance(by seconds: TimeInterval) {
        data.now = data.now.addingTimeInterval(seconds)
    }
}
