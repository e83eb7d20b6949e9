import BatonProto

/// A proto enum whose values have names in Prefect's API (`RUNNING`, `ID_DESC`, …), used
/// on the command line, in tables and in `--json` output.
protocol PrefectNamed: CaseIterable, Sendable {
  /// The Prefect name; `nil` for the proto-only values (UNSPECIFIED, unrecognized numbers).
  var prefectName: String? { get }
}

extension Baton_V1_StateType: PrefectNamed {
  var prefectName: String? {
    switch self {
    case .scheduled: "SCHEDULED"
    case .pending: "PENDING"
    case .running: "RUNNING"
    case .completed: "COMPLETED"
    case .failed: "FAILED"
    case .cancelled: "CANCELLED"
    case .crashed: "CRASHED"
    case .paused: "PAUSED"
    case .cancelling: "CANCELLING"
    case .unspecified, .UNRECOGNIZED: nil
    }
  }
}

extension Baton_V1_TaskRunSort: PrefectNamed {
  var prefectName: String? {
    switch self {
    case .idDesc: "ID_DESC"
    case .expectedStartTimeAsc: "EXPECTED_START_TIME_ASC"
    case .expectedStartTimeDesc: "EXPECTED_START_TIME_DESC"
    case .nameAsc: "NAME_ASC"
    case .nameDesc: "NAME_DESC"
    case .nextScheduledStartTimeAsc: "NEXT_SCHEDULED_START_TIME_ASC"
    case .endTimeDesc: "END_TIME_DESC"
    case .unspecified, .UNRECOGNIZED: nil
    }
  }
}

extension Baton_V1_LogSort: PrefectNamed {
  var prefectName: String? {
    switch self {
    case .timestampAsc: "TIMESTAMP_ASC"
    case .timestampDesc: "TIMESTAMP_DESC"
    case .unspecified, .UNRECOGNIZED: nil
    }
  }
}

extension Baton_V1_SetStateStatus: PrefectNamed {
  var prefectName: String? {
    switch self {
    case .accept: "ACCEPT"
    case .reject: "REJECT"
    case .wait: "WAIT"
    case .abort: "ABORT"
    case .unspecified, .UNRECOGNIZED: nil
    }
  }
}
