import BatonCore

extension FlowRunPolicy: JSONObjectColumnValue {
    static let storedName = "flow run empirical_policy"

    func writeJSON(to writer: inout JSONWriter) {
        writer.writeObject { writer in
            writer.member("retries", retries)
            writer.member("retry_delay", retryDelay)
            writer.member("pause_keys")
            pauseKeys.writeJSON(to: &writer)
            writer.member("resuming", resuming)
            writer.member("retry_type", retryType)
        }
    }

    init(object: JSONObjectReader) throws {
        self.init(
            retries: try object.int("retries"),
            retryDelay: try object.int("retry_delay"),
            pauseKeys: try object.value("pause_keys").map { $0 == .null ? [] : try [String](json: $0) } ?? [],
            resuming: try object.bool("resuming"),
            retryType: try object.string("retry_type"))
    }
}
