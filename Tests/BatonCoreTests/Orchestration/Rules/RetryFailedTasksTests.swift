import Foundation
import Testing

@testable import BatonCore

@Suite struct RetryFailedTasksTests {
    let harness = Harness()
    let steps: [PolicyStep] = [.rule(RetryFailedTasks.self)]

    func fail(runCount: Int, policy: TaskRunPolicy, details: StateDetails = StateDetails(), harness: Harness? = nil)
        throws -> OrchestrationContext
    {
        let harness = harness ?? self.harness
        let run = makeRun(policy: policy, runCount: runCount).inState(makeState(.running))
        return try harness.run(
            steps, on: run, proposing: harness.proposal(.failed, data: ["error": "boom"], details: details))
    }

    func scheduledDelay(_ context: OrchestrationContext) -> TimeInterval? {
        context.validatedState?.details.scheduledTime?.timeIntervalSince(harness.data.now)
    }

    @Test func failureWithRetriesLeftBecomesAwaitingRetry() throws {
        let context = try fail(runCount: 2, policy: TaskRunPolicy(retries: 2))
        let written = try #require(context.validatedState)
        #expect(context.responseDetails == .reject(reason: "Retrying"))
        #expect(written.type == .scheduled)
        #expect(written.name == "AwaitingRetry")
        #expect(written.data == ["error": "boom"])
        #expect(written.details.deferred != true)
        #expect(scheduledDelay(context) == 0)
    }

    @Test func retryWaitsTheConfiguredDelay() throws {
        #expect(scheduledDelay(try fail(runCount: 1, policy: TaskRunPolicy(retries: 1, retryDelay: 10))) == 10)
    }

    @Test(arguments: [1e12, -1e12, 1e20, .nan])
    func retryThatCannotBeScheduledFailsTheTransition(delay: Double) throws {
        let error = #expect(throws: OrchestrationError.self) {
            try fail(runCount: 1, policy: TaskRunPolicy(retries: 1, retryDelay: .number(delay)))
        }
        guard case .retryOutOfRange(let reported) = error else {
            Issue.record("expected retryOutOfRange, got \(String(describing: error))")
            return
        }
        #expect(reported.isNaN ? delay.isNaN : reported == delay)
    }

    @Test(arguments: 1...5)
    func retryWithDelayListUsesNthDelay(runCount: Int) throws {
        let policy = TaskRunPolicy(retries: 5, retryDelay: [2, 4, 8, 16, 32])
        #expect(scheduledDelay(try fail(runCount: runCount, policy: policy)) == [2, 4, 8, 16, 32][runCount - 1])
    }

    @Test func retryBeyondTheDelayListRepeatsTheLastDelay() throws {
        let policy = TaskRunPolicy(retries: 9, retryDelay: [2, 4])
        #expect(scheduledDelay(try fail(runCount: 7, policy: policy)) == 4)
    }

    @Test func emptyDelayListMeansNoDelay() throws {
        #expect(scheduledDelay(try fail(runCount: 1, policy: TaskRunPolicy(retries: 1, retryDelay: []))) == 0)
    }

    @Test func jitterStretchesTheDelayUpToItsFactor() throws {
        let policy = TaskRunPolicy(retries: 1, retryDelay: 100, retryJitterFactor: 0.5)
        let delay = try #require(scheduledDelay(try fail(runCount: 1, policy: policy)))
        #expect(abs(delay - 150) < 1e-6)
    }

    @Test func jitterWithoutDelayRetriesImmediately() throws {
        let policy = TaskRunPolicy(retries: 1, retryJitterFactor: 10)
        #expect(scheduledDelay(try fail(runCount: 1, policy: policy)) == 0)
    }

    @Test func exhaustedRetriesLetTheFailureStand() throws {
        let context = try fail(runCount: 3, policy: TaskRunPolicy(retries: 2))
        #expect(context.responseDetails == .accept)
        #expect(context.validatedState?.type == .failed)
    }

    @Test func noRetriesConfiguredLetsTheFailureStand() throws {
        #expect(try fail(runCount: 1, policy: TaskRunPolicy()).responseDetails == .accept)
    }

    @Test func nonRetriableFailureStands() throws {
        let context = try fail(runCount: 1, policy: TaskRunPolicy(retries: 5), details: StateDetails(retriable: false))
        #expect(context.responseDetails == .accept)
        #expect(context.validatedState?.type == .failed)
    }

    @Test func deprecatedMaxRetriesStillRetries() throws {
        let policy = TaskRunPolicy(maxRetries: 1, retryDelaySeconds: 7)
        #expect(scheduledDelay(try fail(runCount: 1, policy: policy)) == 7)
    }
}

@Suite struct ClampedPoissonIntervalTests {
    @Test func unitEndsMapToTheClampBounds() {
        let lower = 10 * ClampedPoissonInterval.lowerClampMultiple(1.3)
        #expect(abs(ClampedPoissonInterval.sample(averageInterval: 10, clampingFactor: 0.3, unit: 1) - 13) < 1e-9)
        #expect(abs(ClampedPoissonInterval.sample(averageInterval: 10, clampingFactor: 0.3, unit: 0) - lower) < 1e-9)
    }

    @Test func lowerMultipleKeepsTheMedianCentred() {
        // log2(2^k / (2^k − 1)) for k = 1 is exactly 1.
        #expect(ClampedPoissonInterval.lowerClampMultiple(1) == 1)
        #expect(ClampedPoissonInterval.lowerClampMultiple(50) == 0)
    }
}
