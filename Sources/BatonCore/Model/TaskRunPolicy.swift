/// A task run's retry policy (`empirical_policy`, spec task-run-api §1.4).
///
/// The deprecated `max_retries` and `retry_delay_seconds` are kept and returned; every
/// construction back-fills the new fields from them, as Prefect does on every parse.
public struct TaskRunPolicy: Sendable, Hashable {
    /// Prefect's limit on the length of a `retry_delay` list.
    public static let maximumRetryDelayCount = 50

    /// Deprecated; fills `retries` when that is empty.
    public var maxRetries: Int
    /// Deprecated; fills `retryDelay` when that is empty.
    public var retryDelaySeconds: Double
    /// How many times a failed run is retried; `nil` means never.
    public var retries: Int?
    /// Seconds to wait before a retry: `.null`, a number, or a list indexed by attempt.
    public var retryDelay: JSONValue
    /// Spreads retries randomly up to `delay · (1 + factor)`; must be ≥ 0.
    public var retryJitterFactor: Double?

    public init(
        maxRetries: Int = 0,
        retryDelaySeconds: Double = 0,
        retries: Int? = nil,
        retryDelay: JSONValue = .null,
        retryJitterFactor: Double? = nil
    ) {
        self.maxRetries = maxRetries
        self.retryDelaySeconds = retryDelaySeconds
        self.retries = retries
        self.retryDelay = retryDelay
        self.retryJitterFactor = retryJitterFactor
        if (retries ?? 0) == 0 && maxRetries != 0 {
            self.retries = maxRetries
        }
        if Self.isEmptyDelay(retryDelay) && retryDelaySeconds != 0 {
            self.retryDelay = .number(retryDelaySeconds)
        }
    }

    private static func isEmptyDelay(_ delay: JSONValue) -> Bool {
        switch delay {
        case .null, .number(0), .array([]): true
        default: false
        }
    }

    /// Checks the rules Prefect enforces when a run is created, with Prefect's messages.
    public func validate() throws {
        switch retryDelay {
        case .null, .number:
            break
        case .array(let delays):
            guard delays.allSatisfy({ $0.numberValue != nil }) else {
                throw ValidationError(
                    field: "empirical_policy.retry_delay",
                    message: "`retry_delay` must be a number or a list of numbers.")
            }
            if delays.count > Self.maximumRetryDelayCount {
                throw ValidationError(
                    field: "empirical_policy.retry_delay",
                    message: "Can not configure more than 50 retry delays per task.")
            }
        default:
            throw ValidationError(
                field: "empirical_policy.retry_delay",
                message: "`retry_delay` must be a number or a list of numbers.")
        }
        if let factor = retryJitterFactor, factor < 0 {
            throw ValidationError(
                field: "empirical_policy.retry_jitter_factor",
                message: "`retry_jitter_factor` must be >= 0.")
        }
    }

    /// The un-jittered delay before the retry that follows the `runCount`-th run.
    ///
    /// A list is indexed by `runCount − 1`, its last item repeating; an empty list counts as
    /// no delay (Prefect would crash on it).
    public func baseRetryDelay(afterRun runCount: Int) -> Double {
        switch retryDelay {
        case .number(let seconds):
            return seconds
        case .array(let delays) where !delays.isEmpty:
            // Python indexing: a run count of 0 asks for item −1, which is the last one.
            let index = min(runCount - 1, delays.count - 1)
            return delays[index >= 0 ? index : delays.count - 1].numberValue ?? 0
        default:
            return 0
        }
    }
}

extension TaskRunPolicy: Codable {
    private enum CodingKeys: String, CodingKey {
        case maxRetries = "max_retries"
        case retryDelaySeconds = "retry_delay_seconds"
        case retries
        case retryDelay = "retry_delay"
        case retryJitterFactor = "retry_jitter_factor"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            maxRetries: try container.decodeIfPresent(Int.self, forKey: .maxRetries) ?? 0,
            retryDelaySeconds: try container.decodeIfPresent(Double.self, forKey: .retryDelaySeconds) ?? 0,
            retries: try container.decodeIfPresent(Int.self, forKey: .retries),
            retryDelay: try container.decodeIfPresent(JSONValue.self, forKey: .retryDelay) ?? .null,
            retryJitterFactor: try container.decodeIfPresent(Double.self, forKey: .retryJitterFactor))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(maxRetries, forKey: .maxRetries)
        try container.encode(retryDelaySeconds, forKey: .retryDelaySeconds)
        try container.encode(retries, forKey: .retries)
        try container.encode(retryDelay, forKey: .retryDelay)
        try container.encode(retryJitterFactor, forKey: .retryJitterFactor)
    }
}
