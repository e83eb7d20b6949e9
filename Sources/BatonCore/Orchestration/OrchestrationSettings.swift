/// The server settings orchestration rules read, with Prefect's defaults.
public struct OrchestrationSettings: Sendable {
    /// `server.tasks.max_cache_key_length`: longer cache keys are rejected.
    public var maxCacheKeyLength: Int
    /// `server.tasks.tag_concurrency_slot_wait_seconds`: the WAIT when a tag limit is full.
    public var tagConcurrencySlotWaitSeconds: Double
    /// Draws uniformly from 0...1; retry jitter uses it. Tests pin it.
    public var randomUnit: @Sendable () -> Double

    public init(
        maxCacheKeyLength: Int = 2000,
        tagConcurrencySlotWaitSeconds: Double = 10,
        randomUnit: @escaping @Sendable () -> Double = { Double.random(in: 0...1) }
    ) {
        self.maxCacheKeyLength = maxCacheKeyLength
        self.tagConcurrencySlotWaitSeconds = tagConcurrencySlotWaitSeconds
        self.randomUnit = randomUnit
    }
}
