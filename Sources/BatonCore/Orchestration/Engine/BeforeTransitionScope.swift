import Foundation

/// What a rule sees and may do before the proposed state is written.
///
/// States are read-only values here; the proposal changes only through the helpers, which
/// also move the rule's own target type along so the rule that changed the proposal does not
/// fizzle itself (spec orchestration §A.4). The run is live and may be edited directly.
struct BeforeTransitionScope {
    var context: OrchestrationContext
    /// The proposed type this rule expects at exit.
    var ruleTarget: StateType?
    let data: any OrchestrationDataSource
    let settings: OrchestrationSettings

    var initialState: State? { context.initialState }
    var proposedState: State? { context.proposedState }
    var parameters: [String: JSONValue] { context.parameters }
    var now: Date { data.now }

    var run: TaskRun {
        get { context.run }
        set { context.run = newValue }
    }

    /// The run's flow run with its current state; `nil` when it has none or it is gone.
    mutating func flowRun() throws -> FlowRun? {
        try context.flowRun(from: data)
    }

    /// Replaces the proposal with `state`, or with nothing (the current state stands).
    ///
    /// Rejecting to nothing when the run has no state is a bug and throws.
    mutating func reject(to state: State?, reason: String) throws {
        if state == nil && context.initialState == nil {
            throw OrchestrationError.rejectedWithoutCurrentState
        }
        context.proposedState = state
        ruleTarget = state?.type
        context.responseDetails = .reject(reason: reason)
    }

    /// Writes nothing and tells the client to propose again after `seconds`.
    mutating func delay(seconds: Int, reason: String) {
        context.proposedState = nil
        ruleTarget = nil
        context.responseDetails = .wait(delaySeconds: seconds, reason: reason)
    }

    /// Writes nothing and tells the client to stop.
    mutating func abort(reason: String) {
        context.proposedState = nil
        ruleTarget = nil
        context.responseDetails = .abort(reason: reason)
    }

    /// Renames the proposal, keeping its type; no effect when nothing is proposed.
    mutating func rename(to name: String) {
        context.proposedState?.name = name
    }

    /// Edits the proposal's details in place; no effect when nothing is proposed.
    mutating func editProposedDetails(_ edit: (inout StateDetails) -> Void) {
        guard var proposed = context.proposedState else { return }
        edit(&proposed.details)
        context.proposedState = proposed
    }

    /// Leaves a message for later rules.
    mutating func setParameter(_ key: String, to value: JSONValue) {
        context.parameters[key] = value
    }
}
