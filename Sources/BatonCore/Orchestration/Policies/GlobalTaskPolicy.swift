/// The bookkeeping transforms applied after whichever policy was chosen, on every task-run
/// state change (spec orchestration §C), in order.
enum GlobalTaskPolicy {
    static let steps: [PolicyStep] = [
        // First, so every later transform reads the final timestamp.
        .transform(AdvanceTimestampPastCurrentState.self),
        .transform(SetRunStateType.self),
        .transform(SetRunStateName.self),
        .transform(SetRunStateTimestamp.self),
        .transform(SetStartTime.self),
        .transform(SetEndTime.self),
        .transform(IncrementRunTime.self),
        .transform(SetExpectedStartTime.self),
        .transform(SetNextScheduledStartTime.self),
        .transform(UpdateStateDetails.self),
        .transform(IncrementTaskRunCount.self),
    ]
}
