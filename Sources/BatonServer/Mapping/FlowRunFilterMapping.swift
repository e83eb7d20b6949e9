import BatonCore
import BatonProto

// Conditions on flow runs (spec task-run-api §3.3).

extension RequestValidator {
  mutating func flowRunFilter(_ wire: Baton_V1_FlowRunFilter, at field: FieldPath) -> FlowRunFilter {
    FlowRunFilter(
      operator: filterOperator(wire.operator, at: field.member("operator")),
      id: wire.id.map { id in
        FlowRunFilter.IDs(
          anyOf: uuidList(id.any_, at: field.member("id").member("any_")),
          notAnyOf: uuidExclusions(id.notAny_, at: field.member("id").member("not_any_")))
      },
      name: wire.name.map {
        NameFilter(anyOf: $0.any_?.values, like: containsPattern($0.like_, at: field.member("name").member("like_")))
      },
      tags: wire.tags.map { tags in
        FlowRunFilter.Tags(
          operator: filterOperator(tags.operator, at: field.member("tags").member("operator")),
          allOf: optionalCriterion(tags.all_), anyOf: tags.any_?.values, isNull: tags.isNull_)
      },
      deploymentID: wire.deploymentID.map { deploymentID in
        let deploymentIDField = field.member("deployment_id")
        return FlowRunFilter.OptionalIDs(
          operator: filterOperator(deploymentID.operator, at: deploymentIDField.member("operator")),
          anyOf: uuidList(deploymentID.any_, at: deploymentIDField.member("any_")),
          isNull: deploymentID.isNull_)
      },
      workQueueName: wire.workQueueName.map { workQueueName in
        FlowRunFilter.WorkQueueName(
          operator: filterOperator(workQueueName.operator, at: field.member("work_queue_name").member("operator")),
          anyOf: workQueueName.any_?.values, isNull: workQueueName.isNull_)
      },
      state: wire.state.map { flowRunStateFilter($0, at: field.member("state")) },
      flowVersion: wire.flowVersion.map { FlowRunFilter.FlowVersion(anyOf: $0.any_?.values) },
      startTime: wire.startTime.map {
        nullableTimeFilter(before: $0.before_, after: $0.after_, isNull: $0.isNull_, at: field.member("start_time"))
      },
      endTime: wire.endTime.map {
        nullableTimeFilter(before: $0.before_, after: $0.after_, isNull: $0.isNull_, at: field.member("end_time"))
      },
      expectedStartTime: wire.expectedStartTime.map {
        timeBounds(before: $0.before_, after: $0.after_, at: field.member("expected_start_time"))
      },
      nextScheduledStartTime: wire.nextScheduledStartTime.map {
        timeBounds(before: $0.before_, after: $0.after_, at: field.member("next_scheduled_start_time"))
      },
      parentFlowRunID: wire.parentFlowRunID.map { parent in
        let parentField = field.member("parent_flow_run_id")
        return FlowRunFilter.ParentFlowRunID(
          operator: filterOperator(parent.operator, at: parentField.member("operator")),
          anyOf: uuidList(parent.any_, at: parentField.member("any_")))
      },
      parentTaskRunID: wire.parentTaskRunID.map { parent in
        let parentField = field.member("parent_task_run_id")
        return FlowRunFilter.OptionalIDs(
          operator: filterOperator(parent.operator, at: parentField.member("operator")),
          anyOf: uuidList(parent.any_, at: parentField.member("any_")),
          isNull: parent.isNull_)
      },
      idempotencyKey: wire.idempotencyKey.map {
        FlowRunFilter.IdempotencyKey(anyOf: $0.any_?.values, notAnyOf: optionalCriterion($0.notAny_))
      },
      createdBy: wire.createdBy.map { createdBy in
        let createdByField = field.member("created_by")
        return FlowRunFilter.CreatedBy(
          operator: filterOperator(createdBy.operator, at: createdByField.member("operator")),
          ids: uuidList(createdBy.id_, at: createdByField.member("id_")),
          types: createdBy.type_?.values,
          isNull: createdBy.isNull_)
      })
  }

  private mutating func flowRunStateFilter(
    _ wire: Baton_V1_FlowRunFilterState, at field: FieldPath
  ) -> FlowRunFilter.StateFilter {
    FlowRunFilter.StateFilter(
      operator: filterOperator(wire.operator, at: field.member("operator")),
      type: wire.type.map { type in
        FlowRunFilter.StateFilter.TypeFilter(
          anyOf: stateTypeList(type.any_, at: field.member("type").member("any_")),
          notAnyOf: stateTypeExclusions(type.notAny_, at: field.member("type").member("not_any_")))
      },
      name: wire.name.map {
        FlowRunFilter.StateFilter.ExactNameFilter(anyOf: $0.any_?.values, notAnyOf: optionalCriterion($0.notAny_))
      })
  }
}

extension Baton_V1_FlowRunFilter {
  /// The wire form of a flow-run filter, for clients that build queries from domain values.
  public init(_ filter: FlowRunFilter) {
    self.init()
    `operator` = Baton_V1_Operator(filter.operator)
    id = filter.id.map { id in
      var wire = Baton_V1_FlowRunFilterId()
      wire.any_ = id.anyOf.map(Baton_V1_StringList.init)
      wire.notAny_ = (id.notAnyOf ?? []).map(\.wireString)
      return wire
    }
    name = filter.name.map { name in
      var wire = Baton_V1_FlowRunFilterName()
      wire.any_ = name.anyOf.map(Baton_V1_StringList.init)
      wire.like_ = name.like
      return wire
    }
    tags = filter.tags.map { tags in
      var wire = Baton_V1_FlowRunFilterTags()
      wire.operator = Baton_V1_Operator(tags.operator)
      wire.all_ = tags.allOf ?? []
      wire.any_ = tags.anyOf.map(Baton_V1_StringList.init)
      wire.isNull_ = tags.isNull
      return wire
    }
    deploymentID = filter.deploymentID.map { deploymentID in
      var wire = Baton_V1_FlowRunFilterDeploymentId()
      wire.operator = Baton_V1_Operator(deploymentID.operator)
      wire.any_ = deploymentID.anyOf.map(Baton_V1_StringList.init)
      wire.isNull_ = deploymentID.isNull
      return wire
    }
    workQueueName = filter.workQueueName.map { workQueueName in
      var wire = Baton_V1_FlowRunFilterWorkQueueName()
      wire.operator = Baton_V1_Operator(workQueueName.operator)
      wire.any_ = workQueueName.anyOf.map(Baton_V1_StringList.init)
      wire.isNull_ = workQueueName.isNull
      return wire
    }
    state = filter.state.map(Self.wireState)
    flowVersion = filter.flowVersion.map { flowVersion in
      var wire = Baton_V1_FlowRunFilterFlowVersion()
      wire.any_ = flowVersion.anyOf.map(Baton_V1_StringList.init)
      return wire
    }
    startTime = filter.startTime.map { time in
      var wire = Baton_V1_FlowRunFilterStartTime()
      wire.before_ = time.before
      wire.after_ = time.after
      wire.isNull_ = time.isNull
      return wire
    }
    endTime = filter.endTime.map { time in
      var wire = Baton_V1_FlowRunFilterEndTime()
      wire.before_ = time.before
      wire.after_ = time.after
      wire.isNull_ = time.isNull
      return wire
    }
    expectedStartTime = filter.expectedStartTime.map { time in
      var wire = Baton_V1_FlowRunFilterExpectedStartTime()
      wire.before_ = time.before
      wire.after_ = time.after
      return wire
    }
    nextScheduledStartTime = filter.nextScheduledStartTime.map { time in
      var wire = Baton_V1_FlowRunFilterNextScheduledStartTime()
      wire.before_ = time.before
      wire.after_ = time.after
      return wire
    }
    parentFlowRunID = filter.parentFlowRunID.map { parent in
      var wire = Baton_V1_FlowRunFilterParentFlowRunId()
      wire.operator = Baton_V1_Operator(parent.operator)
      wire.any_ = parent.anyOf.map(Baton_V1_StringList.init)
      return wire
    }
    parentTaskRunID = filter.parentTaskRunID.map { parent in
      var wire = Baton_V1_FlowRunFilterParentTaskRunId()
      wire.operator = Baton_V1_Operator(parent.operator)
      wire.any_ = parent.anyOf.map(Baton_V1_StringList.init)
      wire.isNull_ = parent.isNull
      return wire
    }
    idempotencyKey = filter.idempotencyKey.map { idempotencyKey in
      var wire = Baton_V1_FlowRunFilterIdempotencyKey()
      wire.any_ = idempotencyKey.anyOf.map(Baton_V1_StringList.init)
      wire.notAny_ = idempotencyKey.notAnyOf ?? []
      return wire
    }
    createdBy = filter.createdBy.map { createdBy in
      var wire = Baton_V1_FlowRunFilterCreatedBy()
      wire.operator = Baton_V1_Operator(createdBy.operator)
      wire.id_ = createdBy.ids.map(Baton_V1_StringList.init)
      wire.type_ = createdBy.types.map(Baton_V1_StringList.init)
      wire.isNull_ = createdBy.isNull
      return wire
    }
  }

  private static func wireState(_ state: FlowRunFilter.StateFilter) -> Baton_V1_FlowRunFilterState {
    var wire = Baton_V1_FlowRunFilterState()
    wire.operator = Baton_V1_Operator(state.operator)
    wire.type = state.type.map { type in
      var wireType = Baton_V1_FlowRunFilterStateType()
      wireType.any_ = type.anyOf.map(Baton_V1_StateTypeList.init)
      wireType.notAny_ = (type.notAnyOf ?? []).map { Baton_V1_StateType($0) }
      return wireType
    }
    wire.name = state.name.map { name in
      var wireName = Baton_V1_FlowRunFilterStateName()
      wireName.any_ = name.anyOf.map(Baton_V1_StringList.init)
      wireName.notAny_ = name.notAnyOf ?? []
      return wireName
    }
    return wire
  }
}
