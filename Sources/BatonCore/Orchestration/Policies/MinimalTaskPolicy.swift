/// What a forced task-run state change still goes through: freeing tag concurrency slots.
enum MinimalTaskPolicy {
    static let steps: [PolicyStep] = [
        .transform(ReleaseTaskConcurrencySlots.self)
    ]
}
