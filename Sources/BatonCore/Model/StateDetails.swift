import Foundation

/// The structured metadata carried by a state: run ids, scheduling, caching, pausing and
/// background-task markers (spec task-run-api §1.2).
///
/// Unknown keys are dropped when decoding, as Prefect does for this nested model.
public struct StateDetails: Sendable, Hashable {
    /// Overwritten by the server with the run's flow run on every write.
    public var flowRunID: UUID?
    /// Overwritten by the server with the run's id on every write.
    public var taskRunID: UUID?
    public var childFlowRunID: UUID?
    /// When a SCHEDULED state is due; defaults to "now" for proposed SCHEDULED states.
    public var scheduledTime: Date?
    public var cacheKey: String?
    public var cacheExpiration: Date?
    /// Marks a background task run; a deferred proposal selects `BackgroundTaskPolicy`.
    public var deferred: Bool?
    public var untrackableResult: Bool
    public var pauseTimeout: Date?
    public var pauseReschedule: Bool
    public var pauseKey: String?
    public var runInputKeyset: [String: String]?
    /// When true, a proposed RUNNING state bypasses the cache.
    public var refreshCache: Bool?
    /// When explicitly false, a failure is final even with retries left.
    public var retriable: Bool?
    /// Stored but not checked for task runs.
    public var transitionID: UUID?
    public var taskParametersID: UUID?
    public var traceparent: String?
    public var deploymentConcurrencyLeaseID: UUID?

    public init(
        flowRunID: UUID? = nil,
        taskRunID: UUID? = nil,
        childFlowRunID: UUID? = nil,
        scheduledTime: Date? = nil,
        cacheKey: String? = nil,
        cacheExpiration: Date? = nil,
        deferred: Bool? = false,
        untrackableResult: Bool = false,
        pauseTimeout: Date? = nil,
        pauseReschedule: Bool = false,
        pauseKey: String? = nil,
        runInputKeyset: [String: String]? = nil,
        refreshCache: Bool? = nil,
        retriable: Bool? = nil,
        transitionID: UUID? = nil,
        taskParametersID: UUID? = nil,
        traceparent: String? = nil,
        deploymentConcurrencyLeaseID: UUID? = nil
    ) {
        self.flowRunID = flowRunID
        self.taskRunID = taskRunID
        self.childFlowRunID = childFlowRunID
        self.scheduledTime = scheduledTime
        self.cacheKey = cacheKey
        self.cacheExpiration = cacheExpiration
        self.deferred = deferred
        self.untrackableResult = untrackableResult
        self.pauseTimeout = pauseTimeout
        self.pauseReschedule = pauseReschedule
        self.pauseKey = pauseKey
        self.runInputKeyset = runInputKeyset
        self.refreshCache = refreshCache
        self.retriable = retriable
        self.transitionID = transitionID
        self.taskParametersID = taskParametersID
        self.traceparent = traceparent
        self.deploymentConcurrencyLeaseID = deploymentConcurrencyLeaseID
    }

    /// Whether this state marks a background task run.
    public var isDeferred: Bool { deferred == true }
}

extension StateDetails: Codable {
    private enum CodingKeys: String, CodingKey {
        case flowRunID = "flow_run_id"
        case taskRunID = "task_run_id"
        case childFlowRunID = "child_flow_run_id"
        case scheduledTime = "scheduled_time"
        case cacheKey = "cache_key"
        case cacheExpiration = "cache_expiration"
        case deferred
        case untrackableResult = "untrackable_result"
        case pauseTimeout = "pause_timeout"
        case pauseReschedule = "pause_reschedule"
        case pauseKey = "pause_key"
        case runInputKeyset = "run_input_keyset"
        case refreshCache = "refresh_cache"
        case retriable
        case transitionID = "transition_id"
        case taskParametersID = "task_parameters_id"
        case traceparent
        case deploymentConcurrencyLeaseID = "deployment_concurrency_lease_id"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            flowRunID: try container.decodeIfPresent(UUID.self, forKey: .flowRunID),
            taskRunID: try container.decodeIfPresent(UUID.self, forKey: .taskRunID),
            childFlowRunID: try container.decodeIfPresent(UUID.self, forKey: .childFlowRunID),
            scheduledTime: try container.decodeIfPresent(Date.self, forKey: .scheduledTime),
            cacheKey: try container.decodeIfPresent(String.self, forKey: .cacheKey),
            cacheExpiration: try container.decodeIfPresent(Date.self, forKey: .cacheExpiration),
            deferred: container.contains(.deferred)
                ? try container.decodeIfPresent(Bool.self, forKey: .deferred) : false,
            untrackableResult: try container.decodeIfPresent(Bool.self, forKey: .untrackableResult) ?? false,
            pauseTimeout: try container.decodeIfPresent(Date.self, forKey: .pauseTimeout),
            pauseReschedule: try container.decodeIfPresent(Bool.self, forKey: .pauseReschedule) ?? false,
            pauseKey: try container.decodeIfPresent(String.self, forKey: .pauseKey),
            runInputKeyset: try container.decodeIfPresent([String: String].self, forKey: .runInputKeyset),
            refreshCache: try container.decodeIfPresent(Bool.self, forKey: .refreshCache),
            retriable: try container.decodeIfPresent(Bool.self, forKey: .retriable),
            transitionID: try container.decodeIfPresent(UUID.self, forKey: .transitionID),
            taskParametersID: try container.decodeIfPresent(UUID.self, forKey: .taskParametersID),
            traceparent: try container.decodeIfPresent(String.self, forKey: .traceparent),
            deploymentConcurrencyLeaseID: try container.decodeIfPresent(
                UUID.self, forKey: .deploymentConcurrencyLeaseID)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(flowRunID, forKey: .flowRunID)
        try container.encodeIfPresent(taskRunID, forKey: .taskRunID)
        try container.encodeIfPresent(childFlowRunID, forKey: .childFlowRunID)
        try container.encodeIfPresent(scheduledTime, forKey: .scheduledTime)
        try container.encodeIfPresent(cacheKey, forKey: .cacheKey)
        try container.encodeIfPresent(cacheExpiration, forKey: .cacheExpiration)
        // `deferred` is the one nullable field whose default is not null, so null is written out.
        try container.encode(deferred, forKey: .deferred)
        try container.encode(untrackableResult, forKey: .untrackableResult)
        try container.encodeIfPresent(pauseTimeout, forKey: .pauseTimeout)
        try container.encode(pauseReschedule, forKey: .pauseReschedule)
        try container.encodeIfPresent(pauseKey, forKey: .pauseKey)
        try container.encodeIfPresent(runInputKeyset, forKey: .runInputKeyset)
        try container.encodeIfPresent(refreshCache, forKey: .refreshCache)
        try container.encodeIfPresent(retriable, forKey: .retriable)
        try container.encodeIfPresent(transitionID, forKey: .transitionID)
        try container.encodeIfPresent(taskParametersID, forKey: .taskParametersID)
        try container.encodeIfPresent(traceparent, forKey: .traceparent)
        try container.encodeIfPresent(deploymentConcurrencyLeaseID, forKey: .deploymentConcurrencyLeaseID)
    }
}
