import BatonCore

extension FlowFilter {
    /// The condition on the flow row named `table` (spec task-run-api §3.4).
    func condition(on table: String) -> SQLCondition {
        var conditions: [SQLCondition] = []
        if let id {
            conditions.append(
                .column("\(table).id", anyOf: id.anyOf?.columnValues, notAnyOf: id.notAnyOf?.columnValues))
        }
        // One criterion, so the sub-filter's operator changes nothing.
        if let deployment {
            conditions.append(
                deployment.isNull.map { isNull in
                    SQLCondition(
                        "\(isNull ? "NOT " : "")EXISTS (SELECT 1 FROM deployment AS flow_deployment "
                            + "WHERE flow_deployment.flow_id = \(table).id)")
                } ?? .alwaysTrue)
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
        return .combine(conditions, with: self.operator)
    }
}
