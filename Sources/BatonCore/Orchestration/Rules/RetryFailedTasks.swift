import Foundation

/// Turns a failure into a retry while retries are left: rejects RUNNING → FAILED to a
/// SCHEDULED `AwaitingRetry` state due after the configured (optionally jittered) delay.
///
/// A proposal marked `retriable = false` is final. The replacement does not carry `deferred`,
/// so background runs are not re-enqueued (as in Prefect).
struct RetryFailedTasks: OrchestrationRule {
    static let fromStates: Set<StateType?> = [.running]
    static let toStates: Set<StateType?> = [.failed]

    mutating func beforeTransition(_ scope: inout BeforeTransitionScope) throws {
        guard scope.initialState != nil, let proposed = scope.proposedState else { return }
        let policy = scope.run.empiricalPolicy
        let runCount = scope.run.runCount
        if proposed.details.retriable == false { return }
        guard let retries = policy.retries, runCount <= retries else { return }

        let baseDelay = policy.baseRetryDelay(afterRun: runCount)
        var delay = baseDelay
        // Jitter needs a positive delay: the clamped draw divides by it.
        if let factor = policy.retryJitterFactor, factor > 0, baseDelay > 0 {
            delay = ClampedPoissonInterval.sample(
                averageInterval: baseDelay, clampingFactor: factor, unit: scope.settings.randomUnit())
        }
        let scheduledTime = scope.now.addingTimeInterval(delay)
        // Prefect's datetime arithmetic overflows here and the call fails; a time beyond the
        // range could be neither stored nor sent. (A NaN date passes a range check.)
        guard delay.isFinite, State.representableTimes.contains(scheduledTime) else {
            throw OrchestrationError.retryOutOfRange(delaySeconds: delay)
        }
        let awaitingRetry = State(
            id: .timeOrdered(at: scope.now), type: .scheduled, name: WellKnownStateName.awaitingRetry,
            timestamp: scope.now, message: proposed.message, data: proposed.data,
            details: StateDetails(scheduledTime: scheduledTime))
        try scope.reject(to: awaitingRetry, reason: "Retrying")
    }
}
