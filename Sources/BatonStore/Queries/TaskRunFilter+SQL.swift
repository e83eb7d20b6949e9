import BatonCore

extension TaskRunFilter {
    /// The condition on the task-run row named `table` (spec task-run-api §3.2).
    func condition(on table: String) -> SQLCondition {
        var conditions: [SQLCondition] = []
        if let id {
            conditions.append(id.anyOf.map { .column("\(table).id", in: $0.columnValues) } ?? .alwaysTrue)
        }
        if let name {
            conditions.append(name.condition(on: "\(table).name"))
        }
        if let tags {
            conditions.append(
                .combine(
                    [
                        tags.allOf.flatMap { .tags("\(table).tags", containAll: $0) },
                        tags.isNull.map { .tags("\(table).tags", areEmpty: $0) },
                    ].compactMap { $0 }, with: tags.operator))
        }
        if let state {
            conditions.append(
                .combine(
                    [
                        state.type?.anyOf.map { .column("\(table).state_type", in: $0.map(\.rawValue)) },
                        state.name?.anyOf.map { .column("\(table).state_name", in: $0) },
                    ].compactMap { $0 }, with: state.operator))
        }
        if let startTime {
            conditions.append(startTime.condition(on: "\(table).start_time"))
        }
        if let endTime {
            conditions.append(endTime.condition(on: "\(table).end_time"))
        }
        if let expectedStartTime {
            conditions.append(.column("\(table).expected_start_time", within: expectedStartTime))
        }
        if let subflowRuns {
            conditions.append(
                subflowRuns.exists.map { exists in
                    SQLCondition(
                        "\(exists ? "" : "NOT ")EXISTS (SELECT 1 FROM flow_run AS subflow_run "
                            + "WHERE subflow_run.parent_task_run_id = \(table).id)")
                } ?? .alwaysTrue)
        }
        if let flowRunID {
            switch flowRunID.condition {
            case .none: conditions.append(.alwaysTrue)
            case .isNull: conditions.append(.column("\(table).flow_run_id", isNull: true))
            case .isNotNull: conditions.append(.column("\(table).flow_run_id", isNull: false))
            case .anyOf(let ids): conditions.append(.column("\(table).flow_run_id", in: ids.columnValues))
            }
        }
        return .combine(conditions, with: self.operator)
    }
}

extension NameFilter {
    /// Exact match and containment, both when given (a plain filter: always AND).
    func condition(on column: String) -> SQLCondition {
        .combine(
            [
                anyOf.map { SQLCondition.column(column, in: $0) },
                like.flatMap { SQLCondition.column(column, contains: $0) },
            ].compactMap { $0 })
    }
}

extension NullableTimeFilter {
    /// Inclusive bounds and the null test on `column`, ANDed.
    func condition(on column: String, boundsColumn: String? = nil) -> SQLCondition {
        .combine(
            [
                SQLCondition.column(boundsColumn ?? column, within: TimeBoundsFilter(before: before, after: after)),
                isNull.map { SQLCondition.column(column, isNull: $0) },
            ].compactMap { $0 })
    }
}
