import Foundation

/// Holds a run back until its scheduled time: a proposal to run earlier than the current
/// state's `scheduled_time` gets WAIT for the remaining whole seconds.
struct WaitForScheduledTime: OrchestrationRule {
    static let fromStates: Set<StateType?> = [.scheduled, .pending]
    static let toStates: Set<StateType?> = [.running]

    mutating func beforeTransition(_ scope: inout BeforeTransitionScope) throws {
        guard let initial = scope.initialState, scope.proposedState != nil,
            let scheduledTime = initial.details.scheduledTime
        else { return }
        let delaySeconds = Self.wholeSeconds(scheduledTime.timeIntervalSince(scope.now))
        if delaySeconds > 0 {
            scope.delay(seconds: delaySeconds, reason: "Scheduled time is in the future")
        }
    }

    /// Prefect's rounding: whole seconds towards −∞, plus 1 when the microsecond fraction
    /// exceeds one half (an exact half rounds to even, i.e. down).
    static func wholeSeconds(_ delta: TimeInterval) -> Int {
        let microseconds = Int64((delta * 1_000_000).rounded())
        let (seconds, fraction) = floorDivision(microseconds, by: 1_000_000)
        return Int(seconds) + (fraction > 500_000 ? 1 : 0)
    }

    private static func floorDivision(_ value: Int64, by divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let remainder = ((value % divisor) + divisor) % divisor
        return ((value - remainder) / divisor, remainder)
    }
}
