import ArgumentParser
import BatonProto

/// Which task runs `ls`, `count` and `history` look at; options given together must all hold.
struct TaskRunFilterOptions: ParsableArguments {
  @Option(name: .customLong("state"), help: "Only runs whose current state has this type; repeat for any of several.")
  var states: [StateTypeArgument] = []

  @Option(name: .customLong("flow-run"), help: "Only runs of this flow run; repeat for any of several.")
  var flowRuns: [String] = []

  @Option(name: .customLong("tag"), help: "Only runs carrying this tag; repeat to require all of several.")
  var tags: [String] = []

  @Option(help: "Only runs whose name contains this text, in any case.")
  var name: String?

  /// The filter, or `nil` when no option was given.
  var filter: Baton_V1_TaskRunFilter? {
    var filter = Baton_V1_TaskRunFilter()
    if !states.isEmpty {
      var types = Baton_V1_StateTypeList()
      types.values = states.map(\.value)
      var type = Baton_V1_TaskRunFilterStateType()
      type.any_ = types
      var state = Baton_V1_TaskRunFilterState()
      state.type = type
      filter.state = state
    }
    if !flowRuns.isEmpty {
      var flowRun = Baton_V1_TaskRunFilterFlowRunId()
      flowRun.any_ = Baton_V1_StringList(flowRuns)
      filter.flowRunID = flowRun
    }
    if !tags.isEmpty {
      var tagFilter = Baton_V1_TaskRunFilterTags()
      tagFilter.all_ = tags
      filter.tags = tagFilter
    }
    if let name {
      var nameFilter = Baton_V1_TaskRunFilterName()
      nameFilter.like_ = name
      filter.name = nameFilter
    }
    return filter == Baton_V1_TaskRunFilter() ? nil : filter
  }
}
