import Foundation
import Testing

@testable import BatonCore

@Suite struct CacheRetrievalTests {
    let harness = Harness()
    let run = makeRun().inState(makeState(.pending))

    func cache(key: String, expiring expiration: Date?, data: JSONValue? = ["value": 1]) -> State {
        let cached = makeState(.completed, at: referenceDate.addingTimeInterval(-600), data: data)
        harness.data.states[cached.id] = cached
        harness.data.cacheEntries.append(
            TaskRunStateCacheEntry(cacheKey: key, cacheExpiration: expiration, stateID: cached.id))
        return cached
    }

    func proposeRunning(cacheKey: String?, refresh: Bool? = nil) throws -> OrchestrationContext {
        try harness.run(
            [.rule(CacheRetrieval.self)], on: run,
            proposing: harness.proposal(.running, details: StateDetails(cacheKey: cacheKey, refreshCache: refresh)))
    }

    @Test func unexpiredCacheHitIsServedAsAFreshCachedCopy() throws {
        let cached = cache(key: "k", expiring: referenceDate.addingTimeInterval(60))
        let context = try proposeRunning(cacheKey: "k")
        let written = try #require(context.validatedState)
        #expect(context.responseDetails == .reject(reason: "Retrieved state from cache"))
        #expect(written.type == .completed)
        #expect(written.name == "Cached")
        #expect(written.id != cached.id)
        #expect(written.timestamp == harness.data.now)
        #expect(written.data == cached.data)
    }

    @Test func cacheEntryWithoutExpirationNeverExpires() throws {
        _ = cache(key: "k", expiring: nil)
        #expect(try proposeRunning(cacheKey: "k").responseDetails.status == .reject)
    }

    @Test func expiredCacheEntryIsIgnored() throws {
        _ = cache(key: "k", expiring: referenceDate.addingTimeInterval(-1))
        let context = try proposeRunning(cacheKey: "k")
        #expect(context.responseDetails == .accept)
        #expect(context.validatedState?.name == "Running")
    }

    @Test func newestCacheEntryWins() throws {
        _ = cache(key: "k", expiring: nil, data: "old")
        _ = cache(key: "k", expiring: nil, data: "new")
        #expect(try proposeRunning(cacheKey: "k").validatedState?.data == "new")
    }

    @Test func proposalWithoutCacheKeySkipsTheCache() throws {
        _ = cache(key: "k", expiring: nil)
        #expect(try proposeRunning(cacheKey: nil).responseDetails == .accept)
    }

    @Test func emptyCacheKeySkipsTheCache() throws {
        _ = cache(key: "", expiring: nil)
        #expect(try proposeRunning(cacheKey: "").responseDetails == .accept)
    }

    @Test func refreshCacheBypassesTheCache() throws {
        _ = cache(key: "k", expiring: nil)
        #expect(try proposeRunning(cacheKey: "k", refresh: true).responseDetails == .accept)
    }

    @Test func otherKeysDoNotHit() throws {
        _ = cache(key: "other", expiring: nil)
        #expect(try proposeRunning(cacheKey: "k").responseDetails == .accept)
    }

    @Test func appliesOnlyToProposalsToRun() {
        #expect(!PolicyStep.rule(CacheRetrieval.self).applies(to: Transition(from: .running, to: .completed)))
        #expect(PolicyStep.rule(CacheRetrieval.self).applies(to: Transition(from: nil, to: .running)))
    }
}
