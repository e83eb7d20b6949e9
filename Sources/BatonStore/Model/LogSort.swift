/// The orders a log list can be returned in; ties keep insertion order.
public enum LogSort: String, Sendable, Hashable, CaseIterable {
    case timestampAscending = "TIMESTAMP_ASC"
    case timestampDescending = "TIMESTAMP_DESC"

    /// Oldest first, Prefect's default.
    public static let `default` = LogSort.timestampAscending
}
