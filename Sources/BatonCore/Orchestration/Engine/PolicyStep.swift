/// One entry of a policy's ordered list: a rule, or a universal transform.
enum PolicyStep: Sendable {
    case rule(any OrchestrationRule.Type)
    case transform(any UniversalTransform.Type)

    /// Whether the step takes part in `transition`; transforms always do.
    func applies(to transition: Transition) -> Bool {
        switch self {
        case .rule(let rule):
            rule.fromStates.contains(transition.from) && rule.toStates.contains(transition.to)
        case .transform:
            true
        }
    }
}
