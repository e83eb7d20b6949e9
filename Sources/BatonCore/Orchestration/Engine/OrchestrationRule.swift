/// A unit of orchestration logic that governs transitions between the state types it declares
/// (spec orchestration §A.4).
///
/// A fresh instance is made for every orchestration, so a rule may remember in
/// `beforeTransition` what its `cleanup` must undo. Hooks run only while the rule is valid:
/// `afterTransition` if the transition is still the one the rule entered for, `cleanup` if a
/// later rule or the commit step changed it (the rule "fizzled").
protocol OrchestrationRule: Sendable {
    /// Initial state types the rule applies to; `nil` stands for "no state".
    static var fromStates: Set<StateType?> { get }
    /// Proposed state types the rule applies to.
    static var toStates: Set<StateType?> { get }

    init()

    /// Runs before the state is written; may accept, reject, delay, abort or rename.
    mutating func beforeTransition(_ scope: inout BeforeTransitionScope) throws
    /// Runs after the state is written, when the transition is unchanged.
    func afterTransition(_ scope: inout AfterTransitionScope) throws
    /// Runs after the state is written when the transition changed; undoes side effects.
    func cleanup(_ scope: inout AfterTransitionScope) throws
}

extension OrchestrationRule {
    mutating func beforeTransition(_ scope: inout BeforeTransitionScope) throws {}
    func afterTransition(_ scope: inout AfterTransitionScope) throws {}
    func cleanup(_ scope: inout AfterTransitionScope) throws {}
}

/// Every state type plus "no state": rules that apply whatever the run is in.
let allOrchestrationStates: Set<StateType?> = Set(StateType.allCases.map { Optional($0) } + [nil])

/// The terminal state types as a rule's type set.
let terminalOrchestrationStates: Set<StateType?> = Set(StateType.terminalTypes.map { Optional($0) })
