import BatonCore

extension TaskRunPolicy: JSONObjectColumnValue {
    static let storedName = "empirical_policy"

    func writeJSON(to writer: inout JSONWriter) {
        writer.writeObject { writer in
            writer.member("max_retries", maxRetries)
            writer.member("retry_delay_seconds", retryDelaySeconds)
            writer.member("retries", retries)
            writer.member("retry_delay", retryDelay)
            writer.member("retry_jitter_factor", retryJitterFactor)
        }
    }

    init(object: JSONObjectReader) throws {
        self.init(
            maxRetries: try object.int("max_retries") ?? 0,
            retryDelaySeconds: try object.double("retry_delay_seconds") ?? 0,
            retries: try object.int("retries"),
            retryDelay: object.value("retry_delay") ?? .null,
            retryJitterFactor: try object.double("retry_jitter_factor"))
    }
}
