import BatonCore
import BatonProto
import BatonStore

// The orders of the list calls. UNSPECIFIED is the call's default order; numbers this build
// does not know are violations.

extension TaskRunSort {
  /// The proto names of the orders, for messages about a bad value.
  static let wireNames = allCases.map { "TASK_RUN_SORT_\($0.rawValue)" }

  /// The domain order of a wire value: UNSPECIFIED is `ID_DESC`; `nil` for numbers this build
  /// does not know.
  init?(_ wire: Baton_V1_TaskRunSort) {
    switch wire {
    case .unspecified: self = .default
    case .idDesc: self = .idDescending
    case .expectedStartTimeAsc: self = .expectedStartTimeAscending
    case .expectedStartTimeDesc: self = .expectedStartTimeDescending
    case .nameAsc: self = .nameAscending
    case .nameDesc: self = .nameDescending
    case .nextScheduledStartTimeAsc: self = .nextScheduledStartTimeAscending
    case .endTimeDesc: self = .endTimeDescending
    case .UNRECOGNIZED: return nil
    }
  }
}

extension Baton_V1_TaskRunSort {
  public init(_ sort: TaskRunSort) {
    switch sort {
    case .idDescending: self = .idDesc
    case .expectedStartTimeAscending: self = .expectedStartTimeAsc
    case .expectedStartTimeDescending: self = .expectedStartTimeDesc
    case .nameAscending: self = .nameAsc
    case .nameDescending: self = .nameDesc
    case .nextScheduledStartTimeAscending: self = .nextScheduledStartTimeAsc
    case .endTimeDescending: self = .endTimeDesc
    }
  }
}

extension FlowRunSort {
  /// The proto names of the orders, for messages about a bad value.
  static let wireNames = allCases.map { "FLOW_RUN_SORT_\($0.rawValue)" }

  /// The domain order of a wire value: UNSPECIFIED is `ID_DESC`; `nil` for numbers this build
  /// does not know.
  init?(_ wire: Baton_V1_FlowRunSort) {
    switch wire {
    case .unspecified: self = .default
    case .idDesc: self = .idDescending
    case .startTimeAsc: self = .startTimeAscending
    case .startTimeDesc: self = .startTimeDescending
    case .expectedStartTimeAsc: self = .expectedStartTimeAscending
    case .expectedStartTimeDesc: self = .expectedStartTimeDescending
    case .nameAsc: self = .nameAscending
    case .nameDesc: self = .nameDescending
    case .nextScheduledStartTimeAsc: self = .nextScheduledStartTimeAscending
    case .endTimeDesc: self = .endTimeDescending
    case .UNRECOGNIZED: return nil
    }
  }
}

extension LogSort {
  /// The proto names of the orders, for messages about a bad value.
  static let wireNames = allCases.map { "LOG_SORT_\($0.rawValue)" }

  /// The domain order of a wire value: UNSPECIFIED is `TIMESTAMP_ASC`; `nil` for numbers this
  /// build does not know.
  init?(_ wire: Baton_V1_LogSort) {
    switch wire {
    case .unspecified: self = .default
    case .timestampAsc: self = .timestampAscending
    case .timestampDesc: self = .timestampDescending
    case .UNRECOGNIZED: return nil
    }
  }
}

extension RequestValidator {
  mutating func taskRunSort(_ wire: Baton_V1_TaskRunSort, at field: FieldPath) -> TaskRunSort {
    enumValue(TaskRunSort(wire), rawValue: wire.rawValue, at: field, expected: TaskRunSort.wireNames) ?? .default
  }

  mutating func flowRunSort(_ wire: Baton_V1_FlowRunSort, at field: FieldPath) -> FlowRunSort {
    enumValue(FlowRunSort(wire), rawValue: wire.rawValue, at: field, expected: FlowRunSort.wireNames) ?? .default
  }

  mutating func logSort(_ wire: Baton_V1_LogSort, at field: FieldPath) -> LogSort {
    enumValue(LogSort(wire), rawValue: wire.rawValue, at: field, expected: LogSort.wireNames) ?? .default
  }
}
