import Foundation
import Testing

@testable import BatonCore

@Suite struct CacheInsertionTests {
    let harness = Harness()
    let run = makeRun().inState(makeState(.running))

    func complete(cacheKey: String?, expiration: Date? = nil) throws -> OrchestrationContext {
        try harness.run(
            [.rule(CacheInsertion.self)], on: run,
            proposing: harness.proposal(
                .completed, details: StateDetails(cacheKey: cacheKey, cacheExpiration: expiration)))
    }

    @Test func completedStateWithCacheKeyIsCached() throws {
        let expiration = referenceDate.addingTimeInterval(3600)
        let context = try complete(cacheKey: "k", expiration: expiration)
        let written = try #require(context.validatedState)
        #expect(
            harness.data.cacheEntries == [
                TaskRunStateCacheEntry(cacheKey: "k", cacheExpiration: expiration, stateID: written.id)
            ])
    }

    @Test func completedStateWithoutCacheKeyIsNotCached() throws {
        _ = try complete(cacheKey: nil)
        #expect(harness.data.cacheEntries.isEmpty)
    }

    @Test func emptyCacheKeyIsNotCached() throws {
        #expect(try complete(cacheKey: "").responseDetails == .accept)
        #expect(harness.data.cacheEntries.isEmpty)
    }

    @Test func overlongCacheKeyIsRejectedButStillWrittenAndNotCached() throws {
        let context = try complete(cacheKey: String(repeating: "k", count: 5000))
        #expect(
            context.responseDetails == .reject(reason: "Cache key exceeded maximum allowed length of 2000 characters."))
        #expect(context.validatedState?.type == .completed)
        #expect(harness.data.insertedStates.count == 1)
        #expect(harness.data.cacheEntries.isEmpty)
    }

    @Test func keyLengthCountsCodePoints() throws {
        // "é" as e + combining accent is one character but two code points, as Python counts.
        let key = String(repeating: "e\u{301}", count: 1001)
        #expect(key.count == 1001)
        #expect(try complete(cacheKey: key).responseDetails.status == .reject)
    }

    @Test func keyAtTheMaximumIsAccepted() throws {
        #expect(try complete(cacheKey: String(repeating: "k", count: 2000)).responseDetails == .accept)
    }

    @Test(arguments: [StateType.failed, .running, .crashed])
    func onlyCompletedStatesAreCached(proposed: StateType) {
        #expect(!PolicyStep.rule(CacheInsertion.self).applies(to: Transition(from: .running, to: proposed)))
    }
}
