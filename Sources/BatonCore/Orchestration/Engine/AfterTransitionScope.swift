import Foundation

/// What a rule sees and may do after the commit step: the validated state is final, so no
/// helper can change the outcome any more; the run is still live.
struct AfterTransitionScope {
    var context: OrchestrationContext
    let data: any OrchestrationDataSource

    /// The state written, or the current state when nothing was written.
    var validatedState: State? { context.validatedState }

    var run: TaskRun {
        get { context.run }
        set { context.run = newValue }
    }

    /// The run's flow run with its current state; `nil` when it has none or it is gone.
    mutating func flowRun() throws -> FlowRun? {
        try context.flowRun(from: data)
    }

    /// Asks the caller to hand the run to task workers once the transaction has committed.
    mutating func enqueueAfterCommit(on queue: BackgroundTaskQueue) {
        context.enqueueAfterCommit = queue
    }
}
