/// Caches COMPLETED states that carry a cache key, once written; rejects (but still writes)
/// a state whose key is longer than the configured maximum. An empty key is no key, as in
/// Prefect, which tests the key's truth.
///
/// Deliberate fix (spec orchestration §B.3): a state rejected for its key length is not cached.
struct CacheInsertion: OrchestrationRule {
    static let fromStates = allOrchestrationStates
    static let toStates: Set<StateType?> = [.completed]

    private var rejectedForKeyLength = false

    mutating func beforeTransition(_ scope: inout BeforeTransitionScope) throws {
        guard let proposed = scope.proposedState, let cacheKey = proposed.details.cacheKey, !cacheKey.isEmpty else {
            return
        }
        let maximum = scope.settings.maxCacheKeyLength
        // Python counts code points, not grapheme clusters.
        if cacheKey.unicodeScalars.count > maximum {
            rejectedForKeyLength = true
            try scope.reject(
                to: proposed, reason: "Cache key exceeded maximum allowed length of \(maximum) characters.")
        }
    }

    func afterTransition(_ scope: inout AfterTransitionScope) throws {
        guard !rejectedForKeyLength, let validated = scope.validatedState,
            let cacheKey = validated.details.cacheKey, !cacheKey.isEmpty
        else { return }
        try scope.data.insertCacheEntry(
            TaskRunStateCacheEntry(
                cacheKey: cacheKey, cacheExpiration: validated.details.cacheExpiration, stateID: validated.id))
    }
}
