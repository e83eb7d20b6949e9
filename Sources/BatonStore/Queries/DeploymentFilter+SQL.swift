import BatonCore

extension DeploymentFilter {
    /// The condition on the deployment row named `table` (spec task-run-api §3.4); the
    /// deprecated concurrency-limit criterion is ignored, as in Prefect.
    func condition(on table: String) -> SQLCondition {
        var conditions: [SQLCondition] = []
        if let id {
            conditions.append(
                .column("\(table).id", anyOf: id.anyOf?.columnValues, notAnyOf: id.notAnyOf?.columnValues))
        }
        if let name {
            conditions.append(name.condition(on: "\(table).name"))
        }
        if let flowOrDeploymentName {
            let pattern = flowOrDeploymentName.like ?? ""
            conditions.append(
                pattern.isEmpty
                    ? .alwaysTrue
                    : SQLCondition(
                        "(\(table).name LIKE '%' || ? || '%' OR EXISTS (SELECT 1 FROM flow AS deployment_flow "
                            + "WHERE deployment_flow.id = \(table).flow_id "
                            + "AND deployment_flow.name LIKE '%' || ? || '%'))",
                        [pattern, pattern]))
        }
        if let paused {
            conditions.append(paused.equals.map { SQLCondition("\(table).paused = ?", [$0]) } ?? .alwaysTrue)
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
        if let workQueueName {
            conditions.append(workQueueName.anyOf.map { .column("\(table).work_queue_name", in: $0) } ?? .alwaysTrue)
        }
        return .combine(conditions, with: self.operator)
    }
}
