/// The orders a flow-run list can be returned in; nulls first ascending, last descending (SQLite).
public enum FlowRunSort: String, Sendable, Hashable, CaseIterable {
    case idDescending = "ID_DESC"
    /// Start time, or expected start time for runs that have not started.
    case startTimeAscending = "START_TIME_ASC"
    case startTimeDescending = "START_TIME_DESC"
    case expectedStartTimeAscending = "EXPECTED_START_TIME_ASC"
    case expectedStartTimeDescending = "EXPECTED_START_TIME_DESC"
    case nameAscending = "NAME_ASC"
    case nameDescending = "NAME_DESC"
    case nextScheduledStartTimeAscending = "NEXT_SCHEDULED_START_TIME_ASC"
    case endTimeDescending = "END_TIME_DESC"

    /// `ID_DESC`, Prefect's default.
    public static let `default` = FlowRunSort.idDescending
}
