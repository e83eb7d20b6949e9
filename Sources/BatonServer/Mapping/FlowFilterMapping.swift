import BatonCore
import BatonProto

// Conditions on flows (spec task-run-api §3.4).

extension RequestValidator {
  mutating func flowFilter(_ wire: Baton_V1_FlowFilter, at field: FieldPath) -> FlowFilter {
    FlowFilter(
      operator: filterOperator(wire.operator, at: field.member("operator")),
      id: wire.id.map { id in
        FlowFilter.IDs(
          anyOf: uuidList(id.any_, at: field.member("id").member("any_")),
          notAnyOf: uuidExclusions(id.notAny_, at: field.member("id").member("not_any_")))
      },
      deployment: wire.deployment.map { deployment in
        FlowFilter.DeploymentPresence(
          operator: filterOperator(deployment.operator, at: field.member("deployment").member("operator")),
          isNull: deployment.isNull_)
      },
      name: wire.name.map {
        NameFilter(anyOf: $0.any_?.values, like: containsPattern($0.like_, at: field.member("name").member("like_")))
      },
      tags: wire.tags.map { tags in
        FlowFilter.Tags(
          operator: filterOperator(tags.operator, at: field.member("tags").member("operator")),
          allOf: optionalCriterion(tags.all_), isNull: tags.isNull_)
      })
  }
}

extension Baton_V1_FlowFilter {
  /// The wire form of a flow filter, for clients that build queries from domain values.
  public init(_ filter: FlowFilter) {
    self.init()
    `operator` = Baton_V1_Operator(filter.operator)
    id = filter.id.map { id in
      var wire = Baton_V1_FlowFilterId()
      wire.any_ = id.anyOf.map(Baton_V1_StringList.init)
      wire.notAny_ = (id.notAnyOf ?? []).map(\.wireString)
      return wire
    }
    deployment = filter.deployment.map { deployment in
      var wire = Baton_V1_FlowFilterDeployment()
      wire.operator = Baton_V1_Operator(deployment.operator)
      wire.isNull_ = deployment.isNull
      return wire
    }
    name = filter.name.map { name in
      var wire = Baton_V1_FlowFilterName()
      wire.any_ = name.anyOf.map(Baton_V1_StringList.init)
      wire.like_ = name.like
      return wire
    }
    tags = filter.tags.map { tags in
      var wire = Baton_V1_FlowFilterTags()
      wire.operator = Baton_V1_Operator(tags.operator)
      wire.all_ = tags.allOf ?? []
      wire.isNull_ = tags.isNull
      return wire
    }
  }
}
