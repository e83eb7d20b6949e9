/// How a flow run retries and pauses (its `empirical_policy`); stored and returned. Baton's
/// minimal flow-run orchestration reads only `resuming`.
public struct FlowRunPolicy: Sendable, Hashable {
    public var retries: Int?
    /// Seconds.
    public var retryDelay: Int?
    /// Pause keys the run has already passed.
    public var pauseKeys: [String]
    public var resuming: Bool?
    /// `in_process` or `reschedule`.
    public var retryType: String?

    public init(
        retries: Int? = nil, retryDelay: Int? = nil, pauseKeys: [String] = [], resuming: Bool? = nil,
        retryType: String? = nil
    ) {
        self.retries = retries
        self.retryDelay = retryDelay
        self.pauseKeys = pauseKeys
        self.resuming = resuming
        self.retryType = retryType
    }
}
