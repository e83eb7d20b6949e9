import BatonCore
import Foundation

/// A boolean SQL expression with its parameters, built from a filter.
///
/// Lists are bound as one JSON array and expanded with `json_each`, so the SQL text depends only
/// on which criteria are present, not on how many values they list, and stays cacheable.
struct SQLCondition {
    var sql: String
    var parameters: [any SQLiteValueConvertible]

    init(_ sql: String, _ parameters: [any SQLiteValueConvertible] = []) {
        self.sql = sql
        self.parameters = parameters
    }

    static var alwaysTrue: SQLCondition { SQLCondition("1") }

    /// `WHERE` and the expression, or nothing when it is always true: only a query without a
    /// WHERE clause lets SQLite count a table from its b-tree pages instead of row by row.
    var whereClause: String { isAlwaysTrue ? "" : "WHERE \(self.sql)" }

    var isAlwaysTrue: Bool { sql == Self.alwaysTrue.sql }

    /// `conditions` joined by AND or OR; no conditions at all is TRUE, for either operator
    /// (Prefect: a filter with no effective criteria imposes nothing). A TRUE condition is left
    /// out of an AND and makes an OR TRUE, so that an unfiltered query keeps no WHERE clause.
    static func combine(_ conditions: [SQLCondition], with filterOperator: FilterOperator = .and) -> SQLCondition {
        if filterOperator == .or, conditions.contains(where: \.isAlwaysTrue) { return .alwaysTrue }
        let conditions = conditions.filter { !$0.isAlwaysTrue }
        guard conditions.count > 1 else { return conditions.first ?? .alwaysTrue }
        let joiner = filterOperator == .and ? " AND " : " OR "
        return SQLCondition(
            "(" + conditions.map(\.sql).joined(separator: joiner) + ")", conditions.flatMap(\.parameters))
    }

    /// `column` is one of `values`; an empty list matches nothing.
    static func column(_ column: String, in values: [String]) -> SQLCondition {
        SQLCondition("\(column) IN (SELECT value FROM json_each(?))", [values.jsonText])
    }

    /// `column` is none of `values` (NULL never matches); an empty list imposes nothing.
    static func column(_ column: String, notIn values: [String]) -> SQLCondition? {
        guard !values.isEmpty else { return nil }
        return SQLCondition("\(column) NOT IN (SELECT value FROM json_each(?))", [values.jsonText])
    }

    /// `column` is one of `anyOf` (when given) and none of `notAnyOf`: a sub-filter's two lists,
    /// ANDed as in Prefect; neither list is TRUE.
    static func column(_ column: String, anyOf: [String]?, notAnyOf: [String]?) -> SQLCondition {
        combine(
            [
                anyOf.map { Self.column(column, in: $0) },
                notAnyOf.flatMap { Self.column(column, notIn: $0) },
            ].compactMap { $0 })
    }

    /// Case-insensitive containment, with `%` and `_` in `pattern` acting as wildcards as in
    /// Prefect; an empty pattern imposes nothing. At most `SQLiteStore.longestContainsPattern`
    /// bytes: SQLite refuses longer LIKE patterns.
    static func column(_ column: String, contains pattern: String) -> SQLCondition? {
        guard !pattern.isEmpty else { return nil }
        return SQLCondition("\(column) LIKE '%' || ? || '%'", [pattern])
    }

    static func column(_ column: String, isNull: Bool) -> SQLCondition {
        SQLCondition("\(column) IS \(isNull ? "" : "NOT ")NULL")
    }

    /// Inclusive bounds on a timestamp column; NULL satisfies neither.
    static func column(_ column: String, within bounds: TimeBoundsFilter) -> SQLCondition {
        combine(
            [
                bounds.before.map { SQLCondition("\(column) <= ?", [$0]) },
                bounds.after.map { SQLCondition("\(column) >= ?", [$0]) },
            ].compactMap { $0 })
    }

    /// The JSON tag array in `column` holds every tag of `tags`; an empty list imposes nothing.
    static func tags(_ column: String, containAll tags: [String]) -> SQLCondition? {
        let distinct = Array(Set(tags))
        guard !distinct.isEmpty else { return nil }
        return SQLCondition(
            "(SELECT count(DISTINCT value) FROM json_each(\(column)) "
                + "WHERE value IN (SELECT value FROM json_each(?))) = ?",
            [distinct.jsonText, distinct.count])
    }

    /// The JSON tag array in `column` shares a tag with `tags`; an empty list matches nothing.
    static func tags(_ column: String, containAny tags: [String]) -> SQLCondition {
        SQLCondition(
            "EXISTS (SELECT 1 FROM json_each(\(column)) WHERE value IN (SELECT value FROM json_each(?)))",
            [tags.jsonText])
    }

    /// true: the tag array is empty; false: it is not.
    static func tags(_ column: String, areEmpty: Bool) -> SQLCondition {
        SQLCondition("\(column) \(areEmpty ? "=" : "!=") '[]'")
    }
}

extension Array where Element == UUID {
    /// The ids as the lowercase text the columns hold.
    var columnValues: [String] { map(\.lowercasedString) }
}
