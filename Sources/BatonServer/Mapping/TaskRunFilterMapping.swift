import BatonCore
import BatonProto

// Conditions on the task run itself (spec task-run-api §3.2).

extension RequestValidator {
  mutating func taskRunFilter(_ wire: Baton_V1_TaskRunFilter, at field: FieldPath) -> TaskRunFilter {
    TaskRunFilter(
      operator: filterOperator(wire.operator, at: field.member("operator")),
      id: wire.id.map { id in
        TaskRunFilter.ID(anyOf: uuidList(id.any_, at: field.member("id").member("any_")))
      },
      name: wire.name.map {
        NameFilter(anyOf: $0.any_?.values, like: containsPattern($0.like_, at: field.member("name").member("like_")))
      },
      tags: wire.tags.map { tags in
        TaskRunFilter.Tags(
          operator: filterOperator(tags.operator, at: field.member("tags").member("operator")),
          allOf: optionalCriterion(tags.all_), isNull: tags.isNull_)
      },
      state: wire.state.map { taskRunStateFilter($0, at: field.member("state")) },
      startTime: wire.startTime.map {
        nullableTimeFilter(before: $0.before_, after: $0.after_, isNull: $0.isNull_, at: field.member("start_time"))
      },
      endTime: wire.endTime.map {
        nullableTimeFilter(before: $0.before_, after: $0.after_, isNull: $0.isNull_, at: field.member("end_time"))
      },
      expectedStartTime: wire.expectedStartTime.map {
        timeBounds(before: $0.before_, after: $0.after_, at: field.member("expected_start_time"))
      },
      subflowRuns: wire.subflowRuns.map { TaskRunFilter.SubflowRuns(exists: $0.exists_) },
      flowRunID: wire.flowRunID.map { flowRunID in
        let flowRunIDField = field.member("flow_run_id")
        return TaskRunFilter.FlowRunID(
          operator: filterOperator(flowRunID.operator, at: flowRunIDField.member("operator")),
          anyOf: uuidList(flowRunID.any_, at: flowRunIDField.member("any_")),
          // Prefect's quirk, kept by the proto: an absent is_null_ means false.
          isNull: flowRunID.isNull_ ?? false)
      })
  }

  private mutating func taskRunStateFilter(
    _ wire: Baton_V1_TaskRunFilterState, at field: FieldPath
  ) -> TaskRunFilter.StateFilter {
    TaskRunFilter.StateFilter(
      operator: filterOperator(wire.operator, at: field.member("operator")),
      type: wire.type.map { type in
        TaskRunFilter.StateFilter.TypeFilter(
          anyOf: stateTypeList(type.any_, at: field.member("type").member("any_")))
      },
      name: wire.name.map { TaskRunFilter.StateFilter.ExactNameFilter(anyOf: $0.any_?.values) })
  }
}

extension Baton_V1_TaskRunFilter {
  /// The wire form of a task-run filter, for clients that build queries from domain values.
  public init(_ filter: TaskRunFilter) {
    self.init()
    `operator` = Baton_V1_Operator(filter.operator)
    id = filter.id.map { id in
      var wire = Baton_V1_TaskRunFilterId()
      wire.any_ = id.anyOf.map(Baton_V1_StringList.init)
      return wire
    }
    name = filter.name.map { name in
      var wire = Baton_V1_TaskRunFilterName()
      wire.any_ = name.anyOf.map(Baton_V1_StringList.init)
      wire.like_ = name.like
      return wire
    }
    tags = filter.tags.map { tags in
      var wire = Baton_V1_TaskRunFilterTags()
      wire.operator = Baton_V1_Operator(tags.operator)
      wire.all_ = tags.allOf ?? []
      wire.isNull_ = tags.isNull
      return wire
    }
    state = filter.state.map { state in
      var wire = Baton_V1_TaskRunFilterState()
      wire.operator = Baton_V1_Operator(state.operator)
      wire.type = state.type.map { type in
        var wireType = Baton_V1_TaskRunFilterStateType()
        wireType.any_ = type.anyOf.map(Baton_V1_StateTypeList.init)
        return wireType
      }
      wire.name = state.name.map { name in
        var wireName = Baton_V1_TaskRunFilterStateName()
        wireName.any_ = name.anyOf.map(Baton_V1_StringList.init)
        return wireName
      }
      return wire
    }
    startTime = filter.startTime.map { time in
      var wire = Baton_V1_TaskRunFilterStartTime()
      wire.before_ = time.before
      wire.after_ = time.after
      wire.isNull_ = time.isNull
      return wire
    }
    endTime = filter.endTime.map { time in
      var wire = Baton_V1_TaskRunFilterEndTime()
      wire.before_ = time.before
      wire.after_ = time.after
      wire.isNull_ = time.isNull
      return wire
    }
    expectedStartTime = filter.expectedStartTime.map { time in
      var wire = Baton_V1_TaskRunFilterExpectedStartTime()
      wire.before_ = time.before
      wire.after_ = time.after
      return wire
    }
    subflowRuns = filter.subflowRuns.map { subflowRuns in
      var wire = Baton_V1_TaskRunFilterSubFlowRuns()
      wire.exists_ = subflowRuns.exists
      return wire
    }
    flowRunID = filter.flowRunID.flatMap(Self.wireFlowRunID)
  }

  /// The wire criterion with the same meaning; `nil` for "no condition", which the wire can
  /// only say by leaving the sub-filter out (an absent is_null_ means false there).
  private static func wireFlowRunID(_ filter: TaskRunFilter.FlowRunID) -> Baton_V1_TaskRunFilterFlowRunId? {
    guard filter.condition != .none else { return nil }
    var wire = Baton_V1_TaskRunFilterFlowRunId()
    wire.operator = Baton_V1_Operator(filter.operator)
    wire.any_ = filter.anyOf.map(Baton_V1_StringList.init)
    wire.isNull_ = filter.isNull
    return wire
  }
}
