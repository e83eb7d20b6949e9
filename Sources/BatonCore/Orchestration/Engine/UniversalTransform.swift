/// Privileged bookkeeping that takes part in every transition, whatever the state types
/// (spec orchestration §A.4).
///
/// `beforeTransition` always runs and `afterTransition` runs unless a rule threw; each
/// transform checks itself whether the transition was nullified (nothing to write).
protocol UniversalTransform: Sendable {
    init()

    func beforeTransition(_ context: inout OrchestrationContext) throws
    func afterTransition(_ context: inout OrchestrationContext, data: any OrchestrationDataSource) throws
}

extension UniversalTransform {
    func beforeTransition(_ context: inout OrchestrationContext) throws {}
    func afterTransition(_ context: inout OrchestrationContext, data: any OrchestrationDataSource) throws {}
}
