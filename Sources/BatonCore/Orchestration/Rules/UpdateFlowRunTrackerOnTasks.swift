/// Records which attempt of its flow run a task run started in: after a RUNNING state is
/// written, copies the flow run's `run_count` into `flow_run_run_count`.
struct UpdateFlowRunTrackerOnTasks: OrchestrationRule {
    static let fromStates = allOrchestrationStates
    static let toStates: Set<StateType?> = [.running]

    func afterTransition(_ scope: inout AfterTransitionScope) throws {
        guard scope.run.flowRunID != nil else { return }
        guard let flowRun = try scope.flowRun() else {
            throw OrchestrationError.flowRunNotFound(taskRunID: scope.run.id)
        }
        scope.run.flowRunRunCount = flowRun.runCount
    }
}
