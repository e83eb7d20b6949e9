/// Takes a slot on every v1 tag concurrency limit of the run's tags before it may run; waits
/// when a limit is full and aborts when a limit is 0 (it could never run).
///
/// Deliberate fixes of Prefect quirks (spec orchestration §B.3): the first full or zero limit
/// ends the rule, and a slot the run already holds counts as taken. Slots are taken inside the
/// caller's transaction; `cleanup` returns exactly the slots this rule took.
struct SecureTaskConcurrencySlots: OrchestrationRule {
    static let fromStates = allOrchestrationStates
    static let toStates: Set<StateType?> = [.running]

    private var takenTags: [String] = []

    mutating func beforeTransition(_ scope: inout BeforeTransitionScope) throws {
        let run = scope.run
        // The hot path: untagged runs need no query.
        guard !run.tags.isEmpty else { return }
        for limit in try scope.data.tagConcurrencyLimits(forTags: run.tags) {
            if limit.limit == 0 {
                try releaseTakenSlots(of: run, data: scope.data)
                scope.abort(
                    reason: "The concurrency limit on tag \"\(limit.tag)\" is 0 and will deadlock if the task "
                        + "tries to run again.")
                return
            }
            if limit.activeSlots.contains(run.id) {
                continue
            }
            if limit.activeSlots.count >= limit.limit {
                try releaseTakenSlots(of: run, data: scope.data)
                scope.delay(
                    seconds: Int(scope.settings.tagConcurrencySlotWaitSeconds),
                    reason: "Concurrency limit for the \(limit.tag) tag has been reached")
                return
            }
            try scope.data.occupyTagConcurrencySlot(tag: limit.tag, taskRunID: run.id)
            takenTags.append(limit.tag)
        }
    }

    func cleanup(_ scope: inout AfterTransitionScope) throws {
        try releaseTakenSlots(of: scope.run, data: scope.data)
    }

    private func releaseTakenSlots(of run: TaskRun, data: any OrchestrationDataSource) throws {
        guard !takenTags.isEmpty else { return }
        try data.releaseTagConcurrencySlots(tags: takenTags, taskRunID: run.id)
    }
}
