/// How an operator filter combines its own conditions; filters without an operator always AND.
public enum FilterOperator: String, Sendable, Hashable, Codable {
    case and = "and_"
    case or = "or_"
}
