import BatonCore

extension FlowRunFilter {
    /// The condition on the flow-run row named `table` (spec task-run-api §3.3).
    func condition(on table: String) -> SQLCondition {
        var conditions: [SQLCondition] = []
        if let id {
            conditions.append(
                .column("\(table).id", anyOf: id.anyOf?.columnValues, notAnyOf: id.notAnyOf?.columnValues))
        }
        if let name {
            conditions.append(name.condition(on: "\(table).name"))
        }
        if let tags {
            conditions.append(
                .combine(
                    [
                        tags.allOf.flatMap { .tags("\(table).tags", containAll: $0) },
                        tags.anyOf.map { .tags("\(table).tags", containAny: $0) },
                        tags.isNull.map { .tags("\(table).tags", areEmpty: $0) },
                    ].compactMap { $0 }, with: tags.operator))
        }
        if let deploymentID {
            conditions.append(deploymentID.condition(on: "\(table).deployment_id"))
        }
        if let workQueueName {
            conditions.append(
                .combine(
                    [
                        workQueueName.anyOf.map { .column("\(table).work_queue_name", in: $0) },
                        workQueueName.isNull.map { .column("\(table).work_queue_name", isNull: $0) },
                    ].compactMap { $0 }, with: workQueueName.operator))
        }
        if let state {
            conditions.append(state.condition(on: table))
        }
        if let flowVersion {
            conditions.append(flowVersion.anyOf.map { .column("\(table).flow_version", in: $0) } ?? .alwaysTrue)
        }
        if let startTime {
            conditions.append(
                startTime.condition(
                    on: "\(table).start_time",
                    boundsColumn: "COALESCE(\(table).start_time, \(table).expected_start_time)"))
        }
        if let endTime {
            conditions.append(endTime.condition(on: "\(table).end_time"))
        }
        if let expectedStartTime {
            conditions.append(.column("\(table).expected_start_time", within: expectedStartTime))
        }
        if let nextScheduledStartTime {
            conditions.append(.column("\(table).next_scheduled_start_time", within: nextScheduledStartTime))
        }
        // One criterion, so the sub-filter's operator changes nothing.
        if let parentFlowRunID {
            conditions.append(
                parentFlowRunID.anyOf.map { anyOf in
                    SQLCondition(
                        "\(table).parent_task_run_id IN (SELECT parent_task_run.id FROM task_run AS parent_task_run "
                            + "WHERE parent_task_run.flow_run_id IN (SELECT value FROM json_each(?)))",
                        [anyOf.columnValues.jsonText])
                } ?? .alwaysTrue)
        }
        if let parentTaskRunID {
            conditions.append(parentTaskRunID.condition(on: "\(table).parent_task_run_id"))
        }
        if let idempotencyKey {
            conditions.append(
                .column("\(table).idempotency_key", anyOf: idempotencyKey.anyOf, notAnyOf: idempotencyKey.notAnyOf))
        }
        if let createdBy {
            conditions.append(
                .combine(
                    [
                        createdBy.ids.map {
                            .column("json_extract(\(table).created_by, '$.id')", in: $0.columnValues)
                        },
                        createdBy.types.map { .column("json_extract(\(table).created_by, '$.type')", in: $0) },
                        createdBy.isNull.map { .column("\(table).created_by", isNull: $0) },
                    ].compactMap { $0 }, with: createdBy.operator))
        }
        return .combine(conditions, with: self.operator)
    }
}

extension FlowRunFilter.OptionalIDs {
    func condition(on column: String) -> SQLCondition {
        .combine(
            [
                anyOf.map { SQLCondition.column(column, in: $0.columnValues) },
                isNull.map { SQLCondition.column(column, isNull: $0) },
            ].compactMap { $0 }, with: self.operator)
    }
}

extension FlowRunFilter.StateFilter {
    /// Type and name conditions; a sub-filter with both lists is dropped (Prefect quirk).
    func condition(on table: String) -> SQLCondition {
        var conditions: [SQLCondition] = []
        if let type = effectiveType {
            conditions += [
                type.anyOf.map { .column("\(table).state_type", in: $0.map(\.rawValue)) },
                type.notAnyOf.flatMap { .column("\(table).state_type", notIn: $0.map(\.rawValue)) },
            ].compactMap { $0 }
        }
        if let name = effectiveName {
            conditions += [
                name.anyOf.map { .column("\(table).state_name", in: $0) },
                name.notAnyOf.flatMap { .column("\(table).state_name", notIn: $0) },
            ].compactMap { $0 }
        }
        return .combine(conditions, with: self.operator)
    }
}
