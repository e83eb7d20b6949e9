import BatonCore
import BatonProto
import BatonStore
import Foundation

// The building blocks every filter family shares: the operator, `any_` lists (whose
// presence matters: present and empty matches nothing), and `not_any_`/`all_` lists (where
// empty means no condition). See the presence rules at the top of filters.proto.

extension FilterOperator {
  /// The proto names of the operators, for messages about a bad value.
  static let wireNames = ["OPERATOR_AND", "OPERATOR_OR"]

  /// The domain operator of a wire value: UNSPECIFIED is Prefect's default `and_`; `nil` for
  /// numbers this build does not know.
  init?(_ wire: Baton_V1_Operator) {
    switch wire {
    case .unspecified, .and: self = .and
    case .or: self = .or
    case .UNRECOGNIZED: return nil
    }
  }
}

extension Baton_V1_Operator {
  init(_ filterOperator: FilterOperator) {
    switch filterOperator {
    case .and: self = .and
    case .or: self = .or
    }
  }
}

extension Baton_V1_StringList {
  init(_ values: [String]) {
    self.init()
    self.values = values
  }

  init(_ ids: [UUID]) {
    self.init(ids.map(\.wireString))
  }
}

extension Baton_V1_StateTypeList {
  init(_ types: [StateType]) {
    self.init()
    values = types.map { Baton_V1_StateType($0) }
  }
}

/// A `not_any_`/`all_` criterion: an empty list imposes no condition, so it reads as absent.
func optionalCriterion<Value>(_ values: [Value]) -> [Value]? {
  values.isEmpty ? nil : values
}

extension RequestValidator {
  /// An operator; unknown numbers are violations (and read as `and_` until the request is refused).
  mutating func filterOperator(_ wire: Baton_V1_Operator, at field: FieldPath) -> FilterOperator {
    enumValue(FilterOperator(wire), rawValue: wire.rawValue, at: field, expected: FilterOperator.wireNames) ?? .and
  }

  /// An `any_` list of ids: absent is no condition, present and empty matches nothing.
  mutating func uuidList(_ wire: Baton_V1_StringList?, at field: FieldPath) -> [UUID]? {
    wire.map { uuids($0.values, at: field) }
  }

  /// A `not_any_` list of ids: empty is no condition.
  mutating func uuidExclusions(_ wire: [String], at field: FieldPath) -> [UUID]? {
    optionalCriterion(uuids(wire, at: field))
  }

  /// An `any_` list of state types: absent is no condition, present and empty matches nothing.
  mutating func stateTypeList(_ wire: Baton_V1_StateTypeList?, at field: FieldPath) -> [StateType]? {
    wire.map { stateTypes($0.values, at: field) }
  }

  /// A `not_any_` list of state types: empty is no condition.
  mutating func stateTypeExclusions(_ wire: [Baton_V1_StateType], at field: FieldPath) -> [StateType]? {
    optionalCriterion(stateTypes(wire, at: field))
  }

  /// Inclusive bounds on a timestamp column.
  mutating func timeBounds(before: Date?, after: Date?, at field: FieldPath) -> TimeBoundsFilter {
    TimeBoundsFilter(
      before: timestamp(before, at: field.member("before_")), after: timestamp(after, at: field.member("after_")))
  }

  /// Inclusive bounds on a nullable timestamp column, and its null test.
  mutating func nullableTimeFilter(before: Date?, after: Date?, isNull: Bool?, at field: FieldPath)
    -> NullableTimeFilter
  {
    NullableTimeFilter(
      before: timestamp(before, at: field.member("before_")), after: timestamp(after, at: field.member("after_")),
      isNull: isNull)
  }

  private mutating func stateTypes(_ wire: [Baton_V1_StateType], at field: FieldPath) -> [StateType] {
    wire.enumerated().compactMap { position, type in stateType(type, at: field.element(position)) }
  }
}

extension RequestValidator {
  /// A `like_` text, which the store can match only up to a length.
  mutating func containsPattern(_ pattern: String?, at field: FieldPath) -> String? {
    guard let pattern, pattern.utf8.count > SQLiteStore.longestContainsPattern else { return pattern }
    reject(field, "\(field) must be at most \(SQLiteStore.longestContainsPattern) bytes long.")
    return nil
  }
}
