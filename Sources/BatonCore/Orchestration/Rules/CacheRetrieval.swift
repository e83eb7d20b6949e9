/// Serves a cached COMPLETED state instead of running: rejects a proposed RUNNING state that
/// has a (non-empty) cache key with a fresh copy of the newest unexpired cached state, named
/// `Cached`.
struct CacheRetrieval: OrchestrationRule {
    static let fromStates = allOrchestrationStates
    static let toStates: Set<StateType?> = [.running]

    mutating func beforeTransition(_ scope: inout BeforeTransitionScope) throws {
        guard let proposed = scope.proposedState, let cacheKey = proposed.details.cacheKey, !cacheKey.isEmpty,
            proposed.details.refreshCache != true
        else { return }
        guard var cached = try scope.data.newestCachedState(forKey: cacheKey, unexpiredAt: scope.now) else { return }
        cached.id = .timeOrdered(at: scope.now)
        cached.timestamp = scope.now
        cached.name = WellKnownStateName.cached
        try scope.reject(to: cached, reason: "Retrieved state from cache")
    }
}
