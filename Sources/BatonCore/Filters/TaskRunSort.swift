/// The orders a task-run list can be returned in (spec task-run-api §3.6).
///
/// Nulls follow SQLite: first in ascending, last in descending order. Stores may add `id`
/// descending as a tie-breaker.
public enum TaskRunSort: String, Sendable, Hashable, CaseIterable, Codable {
    case idDescending = "ID_DESC"
    case expectedStartTimeAscending = "EXPECTED_START_TIME_ASC"
    case expectedStartTimeDescending = "EXPECTED_START_TIME_DESC"
    case nameAscending = "NAME_ASC"
    case nameDescending = "NAME_DESC"
    case nextScheduledStartTimeAscending = "NEXT_SCHEDULED_START_TIME_ASC"
    case endTimeDescending = "END_TIME_DESC"

    /// `ID_DESC`, Prefect's default.
    public static let `default` = TaskRunSort.idDescending

    /// The column this order sorts on, in Prefect's snake_case naming.
    public var column: String {
        switch self {
        case .idDescending: "id"
        case .expectedStartTimeAscending, .expectedStartTimeDescending: "expected_start_time"
        case .nameAscending, .nameDescending: "name"
        case .nextScheduledStartTimeAscending: "next_scheduled_start_time"
        case .endTimeDescending: "end_time"
        }
    }

    /// Whether the order is ascending.
    public var isAscending: Bool {
        switch self {
        case .expectedStartTimeAscending, .nameAscending, .nextScheduledStartTimeAscending: true
        default: false
        }
    }
}
