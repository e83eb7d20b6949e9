import Foundation

@testable import BatonCore

/// An `OrchestrationDataSource` over plain collections, so rules run without a database.
///
/// It also keeps a log that test rules append to, to pin the order hooks fire in.
final class InMemoryOrchestrationData: OrchestrationDataSource {
    var now: Date
    var states: [UUID: State] = [:]
    /// In creation order; the newest unexpired entry wins.
    var cacheEntries: [TaskRunStateCacheEntry] = []
    var flowRuns: [UUID: FlowRun] = [:]
    var tagLimits: [String: TagConcurrencyLimit] = [:]
    /// The states written by the commit step, in order.
    var insertedStates: [State] = []
    /// Makes the next commit fail with this error.
    var insertStateError: (any Error)?
    var log: [String] = []
    var flowRunReads = 0

    init(now: Date) {
        self.now = now
    }

    func newestCachedState(forKey cacheKey: String, unexpiredAt instant: Date) throws -> State? {
        let entry = cacheEntries.last { entry in
            entry.cacheKey == cacheKey && (entry.cacheExpiration.map { $0 > instant } ?? true)
        }
        return entry.flatMap { states[$0.stateID] }
    }

    func insertCacheEntry(_ entry: TaskRunStateCacheEntry) throws {
        cacheEntries.append(entry)
    }

    func flowRun(id: UUID) throws -> FlowRun? {
        flowRunReads += 1
        return flowRuns[id]
    }

    func tagConcurrencyLimits(forTags tags: [String]) throws -> [TagConcurrencyLimit] {
        Set(tags).compactMap { tagLimits[$0] }.sorted { $0.tag < $1.tag }
    }

    func occupyTagConcurrencySlot(tag: String, taskRunID: UUID) throws {
        tagLimits[tag]?.activeSlots.insert(taskRunID)
    }

    func releaseTagConcurrencySlots(tags: [String], taskRunID: UUID) throws {
        for tag in tags {
            tagLimits[tag]?.activeSlots.remove(taskRunID)
        }
    }

    func insertState(_ state: State, of run: TaskRun) throws {
        if let error = insertStateError {
            insertStateError = nil
            throw error
        }
        states[state.id] = state
        insertedStates.append(state)
    }

    /// The runs holding a slot on `tag`'s limit.
    func slots(_ tag: String) -> Set<UUID> {
        tagLimits[tag]?.activeSlots ?? []
    }
}
