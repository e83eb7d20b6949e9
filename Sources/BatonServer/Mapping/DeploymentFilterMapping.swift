import BatonCore
import BatonProto

// Conditions on deployments (spec task-run-api §3.4).

extension RequestValidator {
  mutating func deploymentFilter(_ wire: Baton_V1_DeploymentFilter, at field: FieldPath) -> DeploymentFilter {
    DeploymentFilter(
      operator: filterOperator(wire.operator, at: field.member("operator")),
      id: wire.id.map { id in
        DeploymentFilter.IDs(
          anyOf: uuidList(id.any_, at: field.member("id").member("any_")),
          notAnyOf: uuidExclusions(id.notAny_, at: field.member("id").member("not_any_")))
      },
      name: wire.name.map {
        NameFilter(anyOf: $0.any_?.values, like: containsPattern($0.like_, at: field.member("name").member("like_")))
      },
      flowOrDeploymentName: wire.flowOrDeploymentName.map {
        DeploymentFilter.FlowOrDeploymentName(
          like: containsPattern($0.like_, at: field.member("flow_or_deployment_name").member("like_")))
      },
      paused: wire.paused.map { DeploymentFilter.Paused(equals: $0.eq_) },
      tags: wire.tags.map { tags in
        DeploymentFilter.Tags(
          operator: filterOperator(tags.operator, at: field.member("tags").member("operator")),
          allOf: optionalCriterion(tags.all_), anyOf: tags.any_?.values, isNull: tags.isNull_)
      },
      workQueueName: wire.workQueueName.map { DeploymentFilter.WorkQueueName(anyOf: $0.any_?.values) },
      concurrencyLimit: wire.concurrencyLimit.map {
        DeploymentFilter.ConcurrencyLimit(
          greaterThanOrEqual: $0.ge_.map(Int.init), lessThanOrEqual: $0.le_.map(Int.init), isNull: $0.isNull_)
      })
  }
}

extension Baton_V1_DeploymentFilter {
  /// The wire form of a deployment filter, for clients that build queries from domain values.
  public init(_ filter: DeploymentFilter) {
    self.init()
    `operator` = Baton_V1_Operator(filter.operator)
    id = filter.id.map { id in
      var wire = Baton_V1_DeploymentFilterId()
      wire.any_ = id.anyOf.map(Baton_V1_StringList.init)
      wire.notAny_ = (id.notAnyOf ?? []).map(\.wireString)
      return wire
    }
    name = filter.name.map { name in
      var wire = Baton_V1_DeploymentFilterName()
      wire.any_ = name.anyOf.map(Baton_V1_StringList.init)
      wire.like_ = name.like
      return wire
    }
    flowOrDeploymentName = filter.flowOrDeploymentName.map { name in
      var wire = Baton_V1_DeploymentFilterFlowOrDeploymentName()
      wire.like_ = name.like
      return wire
    }
    paused = filter.paused.map { paused in
      var wire = Baton_V1_DeploymentFilterPaused()
      wire.eq_ = paused.equals
      return wire
    }
    tags = filter.tags.map { tags in
      var wire = Baton_V1_DeploymentFilterTags()
      wire.operator = Baton_V1_Operator(tags.operator)
      wire.all_ = tags.allOf ?? []
      wire.any_ = tags.anyOf.map(Baton_V1_StringList.init)
      wire.isNull_ = tags.isNull
      return wire
    }
    workQueueName = filter.workQueueName.map { workQueueName in
      var wire = Baton_V1_DeploymentFilterWorkQueueName()
      wire.any_ = workQueueName.anyOf.map(Baton_V1_StringList.init)
      return wire
    }
    concurrencyLimit = filter.concurrencyLimit.map { limit in
      var wire = Baton_V1_DeploymentFilterConcurrencyLimit()
      wire.ge_ = limit.greaterThanOrEqual.map { Int32(clamping: $0) }
      wire.le_ = limit.lessThanOrEqual.map { Int32(clamping: $0) }
      wire.isNull_ = limit.isNull
      return wire
    }
  }
}
