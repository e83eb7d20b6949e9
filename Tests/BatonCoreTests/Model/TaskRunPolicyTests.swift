import Foundation
import Testing

@testable import BatonCore

@Suite struct TaskRunPolicyTests {
    @Test func maxRetriesFillsEmptyRetries() {
        #expect(TaskRunPolicy(maxRetries: 3).retries == 3)
        #expect(TaskRunPolicy(maxRetries: 3, retries: 0).retries == 3)
    }

    @Test func explicitRetriesWinOverMaxRetries() {
        #expect(TaskRunPolicy(maxRetries: 3, retries: 1).retries == 1)
    }

    @Test func zeroMaxRetriesFillsNothing() {
        #expect(TaskRunPolicy(maxRetries: 0).retries == nil)
    }

    @Test(arguments: [JSONValue.null, .number(0), .array([])])
    func retryDelaySecondsFillsAnEmptyRetryDelay(empty: JSONValue) {
        #expect(TaskRunPolicy(retryDelaySeconds: 5, retryDelay: empty).retryDelay == .number(5))
    }

    @Test func explicitRetryDelayWinsOverRetryDelaySeconds() {
        #expect(TaskRunPolicy(retryDelaySeconds: 5, retryDelay: [1, 2]).retryDelay == [1, 2])
    }

    @Test func deprecatedFieldsAreKept() {
        let policy = TaskRunPolicy(maxRetries: 2, retryDelaySeconds: 5)
        #expect(policy.maxRetries == 2)
        #expect(policy.retryDelaySeconds == 5)
    }

    @Test func decodingBackFillsFromDeprecatedFields() throws {
        let json = Data(#"{"max_retries": 2, "retry_delay_seconds": 4.5, "unknown": true}"#.utf8)
        let policy = try JSONDecoder().decode(TaskRunPolicy.self, from: json)
        #expect(policy.retries == 2)
        #expect(policy.retryDelay == .number(4.5))
    }

    @Test func fiftyRetryDelaysAreAllowed() throws {
        try TaskRunPolicy(retryDelay: .array(Array(repeating: 1, count: 50))).validate()
    }

    @Test func moreThanFiftyRetryDelaysAreRejected() {
        #expect(
            throws: ValidationError(
                field: "empirical_policy.retry_delay", message: "Can not configure more than 50 retry delays per task.")
        ) {
            try TaskRunPolicy(retryDelay: .array(Array(repeating: 1, count: 100))).validate()
        }
    }

    @Test func negativeJitterFactorIsRejected() {
        #expect(
            throws: ValidationError(
                field: "empirical_policy.retry_jitter_factor", message: "`retry_jitter_factor` must be >= 0.")
        ) {
            try TaskRunPolicy(retryJitterFactor: -100).validate()
        }
    }

    @Test(arguments: [JSONValue.string("5"), .array(["a"]), .object([:]), .bool(true)])
    func nonNumericRetryDelayIsRejected(delay: JSONValue) {
        #expect(throws: ValidationError.self) { try TaskRunPolicy(retryDelay: delay).validate() }
    }

    @Test func negativeRetriesAreNotRejected() throws {
        try TaskRunPolicy(retries: -1).validate()
    }

    @Test(arguments: [(0, 8.0), (1, 2.0), (2, 4.0), (3, 8.0), (9, 8.0)])
    func delayListIsIndexedByRunCountWithTheLastRepeating(runCount: Int, expected: Double) {
        #expect(TaskRunPolicy(retryDelay: [2, 4, 8]).baseRetryDelay(afterRun: runCount) == expected)
    }

    @Test func singleDelayAppliesToEveryRetry() {
        #expect(TaskRunPolicy(retryDelay: 7).baseRetryDelay(afterRun: 4) == 7)
        #expect(TaskRunPolicy().baseRetryDelay(afterRun: 1) == 0)
    }
}
