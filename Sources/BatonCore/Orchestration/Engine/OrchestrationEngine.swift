import Foundation

/// Runs an ordered list of policy steps around the commit step (spec orchestration §A.5–A.9):
/// enter every applicable step in order, write the proposal, exit in reverse order.
struct OrchestrationEngine {
    let data: any OrchestrationDataSource
    let settings: OrchestrationSettings

    /// Orchestrates `context` through `steps`; throws the error a rule threw once every entered
    /// step has exited, or any error from an after hook, cleanup or retryable commit failure.
    func orchestrate(_ context: inout OrchestrationContext, through steps: [PolicyStep]) throws {
        let intended = context.transition
        let runBeforeOrchestration = context.run
        var enteredSteps: [EnteredStep] = []
        for step in steps where step.applies(to: intended) {
            switch step {
            case .rule(let ruleType):
                enteredSteps.append(.rule(enter(ruleType.init(), intended: intended, context: &context)))
            case .transform(let transformType):
                let transform = transformType.init()
                try transform.beforeTransition(&context)
                enteredSteps.append(.transform(transform))
            }
        }
        try commit(&context, restoringOnFailure: runBeforeOrchestration)
        for step in enteredSteps.reversed() {
            switch step {
            case .rule(let entered):
                try exit(entered, context: &context)
            case .transform(let transform):
                if context.orchestrationError == nil {
                    try transform.afterTransition(&context, data: data)
                }
            }
        }
        if let error = context.orchestrationError {
            throw error
        }
    }

    private enum EnteredStep {
        case rule(EnteredRule)
        case transform(any UniversalTransform)
    }

    /// A rule instance with the transition it was entered for; `nil` when invalid on entry.
    private struct EnteredRule {
        var rule: any OrchestrationRule
        var expected: Transition?
    }

    private func enter(_ rule: any OrchestrationRule, intended: Transition, context: inout OrchestrationContext)
        -> EnteredRule
    {
        // Its FROM/TO sets matched `intended` (see `PolicyStep.applies`); an earlier rule that
        // changed or nulled the proposal still makes it invalid, and then no hook runs.
        guard context.transition == intended else { return EnteredRule(rule: rule, expected: nil) }
        var rule = rule
        var scope = BeforeTransitionScope(context: context, ruleTarget: intended.to, data: data, settings: settings)
        do {
            try rule.beforeTransition(&scope)
            context = scope.context
        } catch {
            context = scope.context
            context.proposedState = nil
            context.responseDetails = .abort(
                reason: "Aborting orchestration due to error in \(type(of: rule)): !\(String(reflecting: error))")
            context.orchestrationError = error
        }
        return EnteredRule(rule: rule, expected: Transition(from: intended.from, to: scope.ruleTarget))
    }

    private func exit(_ entered: EnteredRule, context: inout OrchestrationContext) throws {
        guard let expected = entered.expected else { return }
        var scope = AfterTransitionScope(context: context, data: data)
        if context.transition == expected {
            try entered.rule.afterTransition(&scope)
        } else {
            try entered.rule.cleanup(&scope)
        }
        context = scope.context
    }

    /// Writes the proposal, or keeps the current state when nothing is proposed (§A.9).
    private func commit(_ context: inout OrchestrationContext, restoringOnFailure originalRun: TaskRun) throws {
        guard let proposed = context.proposedState else {
            context.validatedState = context.initialState
            return
        }
        let committed = proposed.committed
        do {
            try data.insertState(committed.stored, of: context.run)
        } catch let error as any RetryableStorageError {
            throw error
        } catch {
            // Nothing was written, so the run keeps every field it had; rules clean up on exit.
            context.run = originalRun
            context.proposedState = nil
            context.responseDetails = .abort(reason: "Error validating state: \(String(reflecting: error))")
            return
        }
        context.run.stateID = proposed.id
        context.run.state = committed.stored
        context.validatedState = committed.validated
    }
}
